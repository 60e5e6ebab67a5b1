// Outbound campaigns API: thin over server/campaigns and server/compliance. Members read; staff
// manage campaigns and the do-not-call list; owners and admins change safeguards and resume calling.
import { TRPCError } from "@trpc/server";
import { z } from "zod";
import type { Tx } from "../db";
import { WRITE_ROLES } from "../auth/types";
import { adminProcedure, authedProcedure, router, staffProcedure, tenantProcedure } from "../trpc/init";
import { campaignInput, campaignQueue, campaignUpdateInput, createCampaign, listCampaigns, queueInput, recentGuardDecisions, updateCampaign } from "../campaigns/campaigns";
import { addDoNotCall, dncAddInput, dncListInput, importDoNotCall, listDoNotCall, removeDoNotCall } from "../campaigns/do-not-call";
import { dryRunInput, latestDryRun, runDryRun } from "../campaigns/dry-run";
import { dncImportPreviewInput, previewDncImport } from "../campaigns/dnc-import";
import { OutboundError } from "../campaigns/errors";
import { getOutboundControl, outboundSettingsInput, pauseHistory, pauseOutbound, resumeOutbound, updateOutboundSettings } from "../compliance/control";
import { isTelephonyConfigured } from "../telephony/placement";

const idInput = z.object({ id: z.string().min(1).max(64) });

function svc(ctx: { db: Tx; tenantId: string; user: { id: string } }) {
  return { db: ctx.db, tenantId: ctx.tenantId, actorId: ctx.user.id };
}

async function run<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof OutboundError) throw new TRPCError({ code: error.code === "NOT_FOUND" ? "NOT_FOUND" : "BAD_REQUEST", message: error.message, cause: error });
    if ((error as { code?: string }).code === "P2025") throw new TRPCError({ code: "NOT_FOUND", message: "Not found" });
    throw error;
  }
}

/** Staff+, without a request transaction: a dry run takes seconds; the service opens short ones. */
const staffRunProcedure = authedProcedure.use(({ ctx, next }) => {
  const membership = ctx.auth.membership;
  if (!membership) throw new TRPCError({ code: "FORBIDDEN", message: "You are not a member of a business." });
  if (membership.tenant.status !== "active") throw new TRPCError({ code: "FORBIDDEN", message: "This business is suspended. Contact support." });
  if (!WRITE_ROLES.includes(membership.role)) throw new TRPCError({ code: "FORBIDDEN", message: "Only owners, admins and staff can do that." });
  return next({ ctx: { ...ctx, scope: { tenantId: membership.tenantId, actorId: ctx.user.id } } });
});

export const campaignsRouter = router({
  list: tenantProcedure.query(({ ctx }) => listCampaigns(svc(ctx))),
  get: tenantProcedure.input(idInput).query(({ ctx, input }) => run(() => ctx.db.campaign.findFirstOrThrow({ where: { id: input.id, tenantId: ctx.tenantId } }))),
  queue: tenantProcedure.input(queueInput).query(({ ctx, input }) => campaignQueue(svc(ctx), input)),
  create: staffProcedure.input(campaignInput).mutation(({ ctx, input }) => run(() => createCampaign(svc(ctx), input))),
  update: staffProcedure.input(campaignUpdateInput).mutation(({ ctx, input }) => run(() => updateCampaign(svc(ctx), input))),
  /** Simulated callees through the real runtime, in a sandbox business (server/campaigns/dry-run.ts). */
  dryRun: staffRunProcedure.input(dryRunInput).mutation(({ ctx, input }) => run(() => runDryRun(ctx.scope, input))),
  latestDryRun: tenantProcedure.input(idInput).query(({ ctx, input }) => latestDryRun(svc(ctx), input.id)),

  safeguards: tenantProcedure.query(async ({ ctx }) => {
    const s = svc(ctx);
    const [control, history, decisions, usage] = await Promise.all([
      getOutboundControl(s),
      pauseHistory(s),
      recentGuardDecisions(s, 50),
      ctx.db.$queryRaw<{ last15: number; today: number; live: number }[]>`
        SELECT (SELECT count(*)::int FROM "CallTask" WHERE "tenantId" = ${ctx.tenantId} AND NOT simulated AND "dialedAt" >= now() - interval '15 minutes') AS last15,
               (SELECT count(*)::int FROM "CallTask" WHERE "tenantId" = ${ctx.tenantId} AND NOT simulated AND "dialedAt" >= now() - interval '24 hours') AS today,
               (SELECT count(*)::int FROM "CallTask" WHERE "tenantId" = ${ctx.tenantId} AND NOT simulated AND state IN ('dispatching','dialing')) AS live`,
    ]);
    return { ...control, history, decisions, usage: usage[0]!, telephonyConfigured: isTelephonyConfigured() };
  }),
  updateSafeguards: adminProcedure.input(outboundSettingsInput).mutation(({ ctx, input }) => run(() => updateOutboundSettings(svc(ctx), input))),
  pause: adminProcedure.input(z.object({ reason: z.string().trim().min(1).max(300) })).mutation(({ ctx, input }) => pauseOutbound(svc(ctx), { reason: input.reason })),
  resume: adminProcedure.mutation(({ ctx }) => resumeOutbound(svc(ctx))),

  dnc: router({
    list: tenantProcedure.input(dncListInput).query(({ ctx, input }) => listDoNotCall(svc(ctx), input)),
    add: staffProcedure.input(dncAddInput).mutation(({ ctx, input }) => run(() => addDoNotCall(svc(ctx), input))),
    remove: adminProcedure.input(idInput).mutation(({ ctx, input }) => run(() => removeDoNotCall(svc(ctx), input.id))),
    /** The CSV import screen's preview (the upload itself goes to the page's action: a stream). */
    importPreview: staffProcedure.input(dncImportPreviewInput).mutation(({ ctx, input }) => run(() => previewDncImport(svc(ctx), input))),
    import: staffProcedure
      .input(z.object({ rows: z.array(z.object({ phone: z.string().max(40), reason: z.string().max(500).optional() })).max(10_000) }))
      .mutation(({ ctx, input }) => importDoNotCall(svc(ctx), input.rows)),
  }),
});
