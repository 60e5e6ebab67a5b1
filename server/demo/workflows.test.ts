import { describe, expect, it, vi } from "vitest";
import { systemDb, withTenant } from "../db";
import { newBusiness } from "../contacts/test-helpers";
import { getInboundWorkflowVersion } from "../workflows/inbound";
import { seedDemoWorkflows } from "./workflows";

vi.mock("../workflows/collaborators", async () => (await import("../workflows/test-helpers")).fakeCollaborators);

describe("demo workflows", () => {
  it("publishes the receptionist template and sets it to answer inbound calls, once", async () => {
    const biz = await newBusiness();
    const first = await withTenant({ tenantId: biz.id }, (tx) => seedDemoWorkflows({ db: tx, tenantId: biz.id }));
    expect(first).toMatchObject({ version: 1 });
    const answering = await getInboundWorkflowVersion(biz.id);
    expect(answering).toMatchObject({ workflowId: first!.workflowId, version: 1 });
    expect(answering!.spec.direction).toBe("inbound");

    expect(await withTenant({ tenantId: biz.id }, (tx) => seedDemoWorkflows({ db: tx, tenantId: biz.id }))).toBeNull();
    expect(await systemDb().workflow.count({ where: { tenantId: biz.id } })).toBe(1);
  });
});
