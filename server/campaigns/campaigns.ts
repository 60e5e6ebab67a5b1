// Campaigns: create, edit, pause; the queue with each task's state and "why not called yet".
import { z } from "zod";
import type { Prisma, Tx } from "../db";
import { recordAudit } from "../audit/log";
import { parseCampaignSettings } from "./settings";

export interface CampaignContext {
  db: Tx;
  tenantId: string;
  actorId: string | null;
}

export const campaignInput = z.object({
  type: z.enum(["reminder", "collections", "list"]),
  name: z.string().trim().min(1).max(120),
  workflowId: z.string().min(1).max(64).nullable().optional(),
  workflowVersionId: z.string().min(1).max(64).nullable().optional(),
  settings: z.record(z.unknown()).default({}),
});

export const campaignUpdateInput = z.object({
  id: z.string().min(1),
  name: z.string().trim().min(1).max(120).optional(),
  status: z.enum(["active", "paused"]).optional(),
  workflowId: z.string().min(1).max(64).nullable().optional(),
  workflowVersionId: z.string().min(1).max(64).nullable().optional(),
  settings: z.record(z.unknown()).optional(),
});

export async function createCampaign(ctx: CampaignContext, raw: z.input<typeof campaignInput>) {
  const input = campaignInput.parse(raw);
  const settings = parseCampaignSettings(input.type, input.settings);
  const campaign = await ctx.db.campaign.create({
    data: {
      tenantId: ctx.tenantId,
      type: input.type,
      name: input.name,
      workflowId: input.workflowId ?? null,
      workflowVersionId: input.workflowVersionId ?? null,
      settings: settings as Prisma.InputJsonValue,
      createdById: ctx.actorId,
    },
  });
  await recordAudit(ctx.db, { tenantId: ctx.tenantId, actorId: ctx.actorId, action: "campaign.created", targetType: "campaign", targetId: campaign.id, meta: { type: input.type } });
  return campaign;
}

export async function updateCampaign(ctx: CampaignContext, raw: z.input<typeof campaignUpdateInput>) {
  const input = campaignUpdateInput.parse(raw);
  const current = await ctx.db.campaign.findFirstOrThrow({ where: { id: input.id, tenantId: ctx.tenantId } });
  const settings = input.settings ? parseCampaignSettings(current.type, input.settings) : undefined;
  const campaign = await ctx.db.campaign.update({
    where: { id: current.id },
    data: {
      name: input.name,
      status: input.status,
      workflowId: input.workflowId,
      workflowVersionId: input.workflowVersionId,
      settings: settings as Prisma.InputJsonValue | undefined,
      // New settings change which subjects qualify: the next planning pass looks at everything.
      plannedThrough: settings ? null : undefined,
    },
  });
  await recordAudit(ctx.db, { tenantId: ctx.tenantId, actorId: ctx.actorId, action: "campaign.updated", targetType: "campaign", targetId: campaign.id, meta: { fields: Object.keys(raw).filter((k) => k !== "id") } });
  return campaign;
}

export async function listCampaigns(ctx: CampaignContext) {
  const [campaigns, counts] = await Promise.all([
    ctx.db.campaign.findMany({ where: { tenantId: ctx.tenantId }, orderBy: { createdAt: "desc" } }),
    ctx.db.callTask.groupBy({ by: ["campaignId", "state"], where: { tenantId: ctx.tenantId, simulated: false }, _count: { _all: true } }),
  ]);
  return campaigns.map((c) => ({
    ...c,
    taskCounts: Object.fromEntries(counts.filter((r) => r.campaignId === c.id).map((r) => [r.state, r._count._all])) as Record<string, number>,
  }));
}

export const queueInput = z.object({
  campaignId: z.string().min(1),
  states: z.array(z.enum(["pending", "waiting", "dispatching", "dialing", "done", "failed", "withdrawn", "blocked"])).optional(),
  take: z.number().int().min(1).max(200).default(50),
  cursor: z.string().optional(),
  /** A task to return as `focusTask` when it is this campaign's but not on this page ("View task"). */
  focusTaskId: z.string().min(1).max(64).optional(),
});

/**
 * The queue: each task with its state and, when not called yet, why (the last guard reason).
 * `focusTask` is the task `focusTaskId` names when it belongs to the campaign and is not among
 * `tasks` (a link from the Safeguards page to a task beyond the first page), else null.
 */
export async function campaignQueue(ctx: CampaignContext, raw: z.input<typeof queueInput>) {
  const input = queueInput.parse(raw);
  const rows = await ctx.db.callTask.findMany({
    where: { tenantId: ctx.tenantId, campaignId: input.campaignId, ...(input.states ? { state: { in: input.states } } : {}) },
    orderBy: [{ nextAttemptAt: "asc" }, { id: "asc" }],
    take: input.take + 1,
    ...(input.cursor ? { cursor: { id: input.cursor }, skip: 1 } : {}),
    include: { contact: { select: { givenName: true, familyName: true, company: true } } },
  });
  const more = rows.length > input.take;
  const tasks = rows.slice(0, input.take);
  const focusTask =
    input.focusTaskId && !tasks.some((t) => t.id === input.focusTaskId)
      ? await ctx.db.callTask.findFirst({
          where: { id: input.focusTaskId, tenantId: ctx.tenantId, campaignId: input.campaignId },
          include: { contact: { select: { givenName: true, familyName: true, company: true } } },
        })
      : null;
  return { tasks, nextCursor: more ? rows[input.take - 1]!.id : null, focusTask };
}

export async function recentGuardDecisions(ctx: CampaignContext, take = 50) {
  return ctx.db.guardDecision.findMany({ where: { tenantId: ctx.tenantId }, orderBy: { at: "desc" }, take, include: { task: { select: { phone: true, campaignId: true, attempt: true, contact: { select: { givenName: true, familyName: true, company: true } } } } } });
}
