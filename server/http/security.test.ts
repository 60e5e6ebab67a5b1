import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { originCheck, securityHeaders } from "./security";

let server: Server;
let base: string;

beforeAll(async () => {
  const app = express();
  app.use(securityHeaders);
  app.use(originCheck);
  app.all("*", (_req, res) => res.json({ ok: true, nonce: res.locals.cspNonce }));
  server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, "127.0.0.1", () => resolve(s));
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe("security headers", () => {
  it("sends a CSP whose script nonce is new on every response", async () => {
    const a = await fetch(`${base}/`);
    const b = await fetch(`${base}/`);
    const nonceOf = (r: Response) => /'nonce-([^']+)'/.exec(r.headers.get("content-security-policy") ?? "")?.[1];
    expect(nonceOf(a)).toBeTruthy();
    expect(nonceOf(a)).not.toBe(nonceOf(b));
    expect((await a.json()).nonce).toBe(nonceOf(a));
    expect(a.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    expect(a.headers.get("x-frame-options")).toBe("DENY");
    expect(a.headers.get("x-content-type-options")).toBe("nosniff");
  });
});

describe("Origin check", () => {
  const post = (path: string, headers: Record<string, string>) =>
    fetch(`${base}${path}`, { method: "POST", headers, body: "x=1" });

  it("refuses a state-changing request from another site", async () => {
    const res = await post("/settings", { origin: "https://evil.example" });
    expect(res.status).toBe(403);
    expect((await res.json()).error).toMatch(/Cross-site/);
  });

  it("refuses a cross-site browser request that hides its Origin", async () => {
    expect((await post("/settings", { "sec-fetch-site": "cross-site" })).status).toBe(403);
  });

  it("falls back to the Referer and refuses a foreign one", async () => {
    expect((await post("/settings", { referer: "https://evil.example/page" })).status).toBe(403);
  });

  it("accepts the same origin, and reads never need one", async () => {
    const host = new URL(base).host;
    expect((await post("/settings", { origin: `http://${host}` })).status).toBe(200);
    expect((await fetch(`${base}/settings`, { headers: { origin: "https://evil.example" } })).status).toBe(200);
  });

  it("lets webhooks through: they prove themselves by signature", async () => {
    expect((await post("/api/webhooks/stripe", { origin: "https://stripe.example" })).status).toBe(200);
  });
});
