// With the real simulator (agents/sim) and the shipped templates: no fakes.
import { describe, expect, it } from "vitest";
import { withTenant } from "../db";
import { newBusiness } from "../contacts/test-helpers";
import { createFromTemplate } from "./workflows";
import { listScenarios, runScenarios } from "./scenarios";

describe("scenario runs through the simulator", () => {
  it("runs a template's scenario against the draft and keeps the transcript", async () => {
    const biz = await newBusiness();
    const wf = await withTenant({ tenantId: biz.id }, (tx) =>
      createFromTemplate({ db: tx, tenantId: biz.id, actorId: null }, { templateKey: "receptionist" })
    );
    const [first] = await withTenant({ tenantId: biz.id }, (tx) => listScenarios({ db: tx, tenantId: biz.id, actorId: null }, wf.id));
    const run = await runScenarios({ tenantId: biz.id, actorId: null }, { workflowId: wf.id, scenarioIds: [first!.id] });
    if (!run.ran) throw new Error(`draft refused: ${run.problems[0]?.message}`);
    const [result] = run.results;
    expect(result!.failures).toEqual([]);
    expect(result).toMatchObject({ name: first!.name, passed: true, target: "draft" });
    expect(result!.transcript.some((t) => t.role === "agent")).toBe(true);
    expect(result!.callId).toEqual(expect.any(String));
  }, 180_000);
});
