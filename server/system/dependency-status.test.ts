import { describe, expect, it } from "vitest";
import { systemDb } from "../db";
import { dependencyStatus, reportDependency, reportDependencyFailure } from "./dependency-status";

describe("dependency status", () => {
  it("records a breaker opening and closing, keeping the last error for the status page", async () => {
    const t0 = new Date("2026-12-03T10:00:00Z");
    await reportDependency({ name: "elevenlabs.tts", state: "open", failures: 3, lastError: "APIStatusError: 500", retryAt: t0.getTime() + 5000 }, t0);
    let row = (await dependencyStatus()).find((d) => d.name === "elevenlabs.tts")!;
    expect(row).toMatchObject({ state: "open", failures: 3, lastError: "APIStatusError: 500" });
    expect(row.retryAt?.toISOString()).toBe("2026-12-03T10:00:05.000Z");

    const t1 = new Date("2026-12-03T10:01:00Z");
    await reportDependency({ name: "elevenlabs.tts", state: "closed", failures: 0, lastError: null, retryAt: null }, t1);
    row = (await dependencyStatus()).find((d) => d.name === "elevenlabs.tts")!;
    expect(row).toMatchObject({ state: "closed", failures: 0, lastError: "APIStatusError: 500", retryAt: null });
    expect(row.lastErrorAt?.toISOString()).toBe(t0.toISOString());
    expect(row.lastOkAt?.toISOString()).toBe(t1.toISOString());
  });

  it("lists every known service, configured or not, and unknown reporters too", async () => {
    await reportDependencyFailure("custom.webhook", new Error("timeout"));
    const rows = await dependencyStatus();
    expect(rows.map((r) => r.name)).toEqual(expect.arrayContaining(["livekit", "openai.llm", "deepgram.stt", "smtp", "custom.webhook"]));
    expect(rows.find((r) => r.name === "livekit")).toMatchObject({ state: "unknown" });
    expect(await systemDb().dependencyStatus.count({ where: { name: "custom.webhook", state: "open" } })).toBe(1);
  });
});
