// Test calls: a text conversation with a workflow (its saved draft or a published version)
// through the real runtime, stored as a call with direction `test`, from the editor's test page.
// Like scenario runs, a turn can take a moment: the runtime opens its own short transactions,
// so these functions take a scope, not an open transaction.
import { z } from "zod";
import { withTenant } from "../db";
import { recordAudit } from "../audit/log";
import { validateSpec } from "../../agents/graphs/validate";
import { workflowSpec, type WorkflowSpec } from "../../agents/graphs/spec";
import { startCall, takeTurn, type TurnResult } from "../../agents/runtime";

export interface TestCallScope {
  tenantId: string;
  actorId: string | null;
  ip?: string;
}

export class TestCallError extends Error {
  constructor(
    readonly code: "NOT_FOUND" | "INVALID",
    message: string,
  ) {
    super(message);
    this.name = "TestCallError";
  }
}

const id = z.string().min(1).max(64);
export const startTestCallInput = z.object({
  workflowId: id,
  /** "draft" (the saved draft) or a published version's id. */
  target: z.union([z.literal("draft"), id]),
  /** Call as this known contact; otherwise a stranger (optionally from callerPhone). */
  contactId: id.nullish(),
  callerPhone: z.string().trim().max(32).nullish(),
});
export const testTurnInput = z.object({
  callId: id,
  utterance: z.string().max(2000),
  silence: z.boolean().default(false),
});

/** What the test page can call: the draft and the published versions (newest first), with their specs. */
export async function testTargets(scope: TestCallScope, workflowId: string) {
  return withTenant({ tenantId: scope.tenantId, userId: scope.actorId ?? undefined }, async (tx) => {
    const wf = await tx.workflow.findFirst({
      where: { id: workflowId, tenantId: scope.tenantId },
      select: { id: true, name: true, direction: true, draft: true, currentVersionId: true },
    });
    if (!wf) throw new TestCallError("NOT_FOUND", "Workflow not found.");
    const versions = await tx.workflowVersion.findMany({
      where: { workflowId: wf.id, tenantId: scope.tenantId },
      orderBy: { version: "desc" },
      take: 20,
      select: { id: true, version: true, spec: true },
    });
    return {
      workflow: { id: wf.id, name: wf.name, direction: wf.direction },
      currentVersionId: wf.currentVersionId,
      targets: [
        { id: "draft", label: "Saved draft", spec: wf.draft as unknown },
        ...versions.map((v) => ({ id: v.id, label: `Version ${v.version}${v.id === wf.currentVersionId ? " (live)" : ""}`, spec: v.spec as unknown })),
      ],
    };
  });
}

export async function startTestCall(scope: TestCallScope, rawInput: z.input<typeof startTestCallInput>): Promise<TurnResult> {
  const input = startTestCallInput.parse(rawInput);
  const prepared = await withTenant({ tenantId: scope.tenantId, userId: scope.actorId ?? undefined }, async (tx) => {
    const wf = await tx.workflow.findFirst({ where: { id: input.workflowId, tenantId: scope.tenantId }, select: { id: true, draft: true } });
    if (!wf) throw new TestCallError("NOT_FOUND", "Workflow not found.");
    let spec: WorkflowSpec | undefined;
    let versionId: string | undefined;
    if (input.target === "draft") {
      const validation = validateSpec(wf.draft);
      if (!validation.ok || !validation.spec) {
        const first = validation.problems.find((p) => p.severity === "error");
        throw new TestCallError("INVALID", `The draft has problems to fix first${first ? `: ${first.message}` : "."}`);
      }
      spec = validation.spec;
    } else {
      const version = await tx.workflowVersion.findFirst({ where: { id: input.target, workflowId: wf.id, tenantId: scope.tenantId }, select: { id: true, spec: true } });
      if (!version) throw new TestCallError("NOT_FOUND", "That version does not belong to this workflow.");
      workflowSpec.parse(version.spec);
      versionId = version.id;
    }
    // Foreign keys are checked without row-level security: make sure the contact is this business's.
    let callerPhone = input.callerPhone || undefined;
    if (input.contactId) {
      const contact = await tx.contact.findFirst({ where: { id: input.contactId, tenantId: scope.tenantId }, select: { id: true, phone: true } });
      if (!contact) throw new TestCallError("NOT_FOUND", "Contact not found.");
      callerPhone = contact.phone ?? callerPhone;
    }
    await recordAudit(tx, {
      tenantId: scope.tenantId,
      actorId: scope.actorId,
      action: "workflow.test_call_started",
      targetType: "workflow",
      targetId: wf.id,
      ip: scope.ip,
      meta: { target: input.target, contactId: input.contactId ?? null },
    });
    return { spec, versionId, callerPhone };
  });
  return startCall(
    { tenantId: scope.tenantId },
    {
      ...(prepared.versionId ? { workflowVersionId: prepared.versionId } : { spec: prepared.spec! }),
      direction: "test",
      simulated: true,
      callerPhone: prepared.callerPhone,
      contactId: input.contactId ?? undefined,
    },
  );
}

export async function takeTestTurn(scope: TestCallScope, rawInput: z.input<typeof testTurnInput>): Promise<TurnResult> {
  const input = testTurnInput.parse(rawInput);
  const call = await withTenant({ tenantId: scope.tenantId, userId: scope.actorId ?? undefined }, (tx) =>
    tx.call.findFirst({ where: { id: input.callId, tenantId: scope.tenantId }, select: { id: true, direction: true, endedAt: true } }),
  );
  // Only test calls: the page must not speak into a real call.
  if (!call || call.direction !== "test") throw new TestCallError("NOT_FOUND", "Test call not found.");
  if (call.endedAt) throw new TestCallError("INVALID", "This test call has ended. Start another one.");
  return takeTurn({ tenantId: scope.tenantId }, { callId: call.id, utterance: input.utterance, silence: input.silence });
}
