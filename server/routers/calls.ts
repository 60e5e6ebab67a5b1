// Calls API for the Calls pages: the filtered call list and one call in full. Read-only; the
// runtime, placement and webhooks write calls. Every member may read.
import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { router, tenantProcedure } from "../trpc/init";
import { getCallDetail, listCallHistory, listCallHistoryInput } from "../telephony/call-history";

export const callsRouter = router({
  list: tenantProcedure.input(listCallHistoryInput).query(({ ctx, input }) => listCallHistory(ctx, input)),
  get: tenantProcedure.input(z.object({ id: z.string().min(1).max(64) })).query(async ({ ctx, input }) => {
    const call = await getCallDetail(ctx, input.id);
    if (!call) throw new TRPCError({ code: "NOT_FOUND", message: "Call not found." });
    return call;
  }),
});
