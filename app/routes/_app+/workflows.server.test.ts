import { describe, expect, it } from "vitest";
import { sampleSpec } from "../../../agents/graphs/test-specs";
import { signedInMember } from "../../../server/testing/members";
import { editorAction } from "./workflows.server";

async function call(workflows: Parameters<typeof editorAction>[0], id: string, body: unknown) {
  const res = await editorAction(workflows, id, body);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> & { ok: boolean } };
}

describe("workflow editor route actions", () => {
  it("saves a draft with its problems, refuses a stale save, and compares versions", async () => {
    const owner = await signedInMember("owner");
    const api = owner.caller.workflows;
    const wf = await api.createBlank({ name: "Desk", direction: "inbound" });
    const loaded = await api.get({ id: wf.id });

    const broken = { ...sampleSpec(), entry: "nowhere" };
    const saved = await call(api, wf.id, { intent: "save", spec: broken, base: new Date(loaded.draftUpdatedAt).toISOString() });
    expect(saved.body).toMatchObject({ intent: "save", ok: true });
    expect((saved.body.problems as { severity: string }[]).some((p) => p.severity === "error")).toBe(true);

    // Someone else's newer save wins; the stale editor is told, not silently overwritten.
    const stale = await call(api, wf.id, { intent: "save", spec: sampleSpec(), base: new Date(loaded.draftUpdatedAt).toISOString() });
    expect(stale.status).toBe(400);
    expect(stale.body).toMatchObject({ intent: "save", ok: false, conflict: true });

    // Tests cannot run on a draft with errors: the editor says what to fix.
    const run = await call(api, wf.id, { intent: "runTests" });
    expect(run.body).toMatchObject({ intent: "runTests", ok: false });
    expect(String(run.body.error)).toMatch(/^Fix the draft first/);

    await call(api, wf.id, { intent: "save", spec: sampleSpec(), base: saved.body.draftUpdatedAt });
    const published = await call(api, wf.id, { intent: "publish", notes: "v1" });
    expect(published.body).toMatchObject({ intent: "publish", ok: true, published: true, version: 1 });
    const [v1] = await api.versions({ id: wf.id });
    const changed = { ...sampleSpec(), nodes: sampleSpec().nodes.map((n) => (n.id === "ask_name" ? { ...n, prompt: "Your name, please?" } : n)) };
    await call(api, wf.id, { intent: "save", spec: changed });
    const diff = await call(api, wf.id, { intent: "diff", fromVersionId: v1!.id, to: "draft" });
    expect(diff.body).toMatchObject({ intent: "diff", ok: true });
    expect((diff.body.lines as string[]).join("\n")).toContain("ask_name");
  });

  it("answers a request it does not understand, and a viewer's save, with a message", async () => {
    const owner = await signedInMember("owner");
    const viewer = await signedInMember("viewer", { tenantId: owner.tenant.id });
    const wf = await owner.caller.workflows.createBlank({ name: "Desk", direction: "inbound" });
    expect((await call(owner.caller.workflows, wf.id, { intent: "explode" })).status).toBe(400);
    const refused = await call(viewer.caller.workflows, wf.id, { intent: "save", spec: sampleSpec() });
    expect(refused.body).toMatchObject({ intent: "save", ok: false });
    expect(String(refused.body.error)).toMatch(/owners and admins/);
  });
});
