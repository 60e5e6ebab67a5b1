import { describe, expect, it } from "vitest";
import { CircuitBreaker, CircuitOpenError, describeError, type BreakerEvent } from "./circuit-breaker";

function clock(start = 1_000_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}
const fail = () => Promise.reject(new Error("upstream 503"));
const ok = () => Promise.resolve("fine");

describe("CircuitBreaker", () => {
  it("opens after the threshold of consecutive failures and then fails fast without calling", async () => {
    const c = clock();
    const events: BreakerEvent[] = [];
    const b = new CircuitBreaker("openai.llm", { failureThreshold: 3, baseBackoffMs: 1000, now: c.now, onChange: (e) => events.push(e) });
    for (let i = 0; i < 3; i++) await expect(b.run(fail)).rejects.toThrow("upstream 503");
    expect(b.state).toBe("open");
    let called = false;
    await expect(b.run(async () => ((called = true), "x"))).rejects.toBeInstanceOf(CircuitOpenError);
    expect(called).toBe(false);
    expect(events).toEqual([{ name: "openai.llm", state: "open", failures: 3, lastError: "Error: upstream 503", retryAt: c.now() + 1000 }]);
  });

  it("lets one probe through after the back-off, closes on success", async () => {
    const c = clock();
    const b = new CircuitBreaker("x", { failureThreshold: 1, baseBackoffMs: 1000, now: c.now });
    await expect(b.run(fail)).rejects.toThrow();
    c.advance(999);
    expect(b.canAttempt()).toBe(false);
    c.advance(1);
    expect(b.state).toBe("half_open");
    await expect(b.run(ok)).resolves.toBe("fine");
    expect(b.state).toBe("closed");
  });

  it("doubles the back-off on each failed probe, up to the maximum", async () => {
    const c = clock();
    const waits: number[] = [];
    const b = new CircuitBreaker("x", {
      failureThreshold: 1,
      baseBackoffMs: 1000,
      maxBackoffMs: 5000,
      now: c.now,
      onChange: (e) => e.retryAt && waits.push(e.retryAt - c.now()),
    });
    for (let i = 0; i < 5; i++) {
      await expect(b.run(fail)).rejects.toThrow("upstream");
      c.advance(60_000);
    }
    expect(waits).toEqual([1000, 2000, 4000, 5000, 5000]);
  });

  it("allows a single probe at a time while half-open", async () => {
    const c = clock();
    const b = new CircuitBreaker("x", { failureThreshold: 1, baseBackoffMs: 10, now: c.now });
    await expect(b.run(fail)).rejects.toThrow();
    c.advance(10);
    let release!: () => void;
    const slow = b.run(() => new Promise<string>((r) => (release = () => r("late"))));
    await expect(b.run(ok)).rejects.toBeInstanceOf(CircuitOpenError);
    release();
    await expect(slow).resolves.toBe("late");
    expect(b.state).toBe("closed");
  });

  it("keeps credentials out of the recorded error", () => {
    expect(describeError(new Error("401 for key sk-abcdef1234567890"))).not.toContain("abcdef1234567890");
  });
});
