// Which workflow answers a business's inbound calls: one row per business (WorkflowSettings).
// The phone agent asks getInboundWorkflowVersion() at the start of every inbound call and runs
// that workflow's current published version.
import { z } from "zod";
import { withTenant } from "../db";
import { recordAudit } from "../audit/log";
import { workflowSpec, type WorkflowSpec } from "../../agents/graphs/spec";
import { WorkflowError, type WorkflowContext } from "./context";

export const setInboundInput = z.object({ workflowId: z.string().min(1).max(64).nullable() });

export interface InboundSetting {
  workflowId: string;
  name: string;
  currentVersion: { id: string; version: number } | null;
}

export async function getInbound(ctx: WorkflowContext): Promise<InboundSetting | null> {
  const settings = await ctx.db.workflowSettings.findFirst({
    where: { tenantId: ctx.tenantId },
    select: { inboundWorkflow: { select: { id: true, name: true, currentVersion: { select: { id: true, version: true } } } } },
  });
  const wf = settings?.inboundWorkflow;
  return wf ? { workflowId: wf.id, name: wf.name, currentVersion: wf.currentVersion } : null;
}

/** Chooses the workflow that answers inbound calls (null: none). It must be inbound and published. */
export async function setInbound(ctx: WorkflowContext, rawInput: z.input<typeof setInboundInput>): Promise<InboundSetting | null> {
  const input = setInboundInput.parse(rawInput);
  if (input.workflowId) {
    const wf = await ctx.db.workflow.findFirst({ where: { id: input.workflowId, tenantId: ctx.tenantId } });
    if (!wf) throw new WorkflowError("NOT_FOUND", "Workflow not found.");
    if (wf.archivedAt) throw new WorkflowError("INVALID", `'${wf.name}' is archived.`);
    if (wf.direction !== "inbound")
      throw new WorkflowError("INVALID", `'${wf.name}' is an outbound workflow; only inbound workflows can answer calls.`);
    if (!wf.currentVersionId) throw new WorkflowError("INVALID", `'${wf.name}' has never been published. Publish it first.`);
  }
  const before = await getInbound(ctx);
  await ctx.db.workflowSettings.upsert({
    where: { tenantId: ctx.tenantId },
    create: { tenantId: ctx.tenantId, inboundWorkflowId: input.workflowId },
    update: { inboundWorkflowId: input.workflowId },
  });
  await recordAudit(ctx.db, {
    tenantId: ctx.tenantId,
    actorId: ctx.actorId,
    action: "workflow.inbound_set",
    targetType: "workflow",
    targetId: input.workflowId ?? undefined,
    ip: ctx.ip,
    meta: { from: before?.workflowId ?? null, to: input.workflowId },
  });
  return getInbound(ctx);
}

export interface InboundWorkflowVersion {
  workflowId: string;
  workflowVersionId: string;
  version: number;
  spec: WorkflowSpec;
}

/**
 * For the phone agent: the exact version that answers this business's inbound calls now, or
 * null when no published inbound workflow is chosen (the agent then takes a message).
 */
export async function getInboundWorkflowVersion(tenantId: string): Promise<InboundWorkflowVersion | null> {
  return withTenant({ tenantId }, async (tx) => {
    const settings = await tx.workflowSettings.findFirst({
      where: { tenantId },
      select: {
        inboundWorkflow: { select: { id: true, archivedAt: true, currentVersion: { select: { id: true, version: true, spec: true } } } },
      },
    });
    const wf = settings?.inboundWorkflow;
    if (!wf || wf.archivedAt || !wf.currentVersion) return null;
    return {
      workflowId: wf.id,
      workflowVersionId: wf.currentVersion.id,
      version: wf.currentVersion.version,
      spec: workflowSpec.parse(wf.currentVersion.spec),
    };
  });
}
