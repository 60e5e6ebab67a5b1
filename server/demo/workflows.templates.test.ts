// Against the real template library (no fakes): the demo seed publishes the shipped template.
import { describe, expect, it } from "vitest";
import { systemDb, withTenant } from "../db";
import { newBusiness } from "../contacts/test-helpers";
import { getInboundWorkflowVersion } from "../workflows/inbound";
import { seedDemoWorkflows } from "./workflows";

describe("demo workflows with the shipped templates", () => {
  it("publishes the medical receptionist with its scenarios and answers inbound calls with it", async () => {
    const biz = await newBusiness();
    const seeded = await withTenant({ tenantId: biz.id }, (tx) => seedDemoWorkflows({ db: tx, tenantId: biz.id }));
    expect(seeded).toMatchObject({ version: 1 });
    const wf = await systemDb().workflow.findUniqueOrThrow({ where: { id: seeded!.workflowId }, include: { scenarios: true } });
    expect(wf).toMatchObject({ templateKey: "receptionist-medical", name: "Front desk", direction: "inbound" });
    expect(wf.scenarios.length).toBeGreaterThanOrEqual(8);
    expect((await getInboundWorkflowVersion(biz.id))!.workflowVersionId).toBe(wf.currentVersionId);
  });
});
