// Do-not-call for the phone agent: an opt-out during a call goes on the business's list at once
// (server/campaigns/do-not-call.ts: pending calls to the number are blocked in the same
// transaction), and the contacts with that number are flagged too.
import type { Tx } from "../../server/db";
import { addDoNotCall } from "../../server/campaigns/do-not-call";

export interface DncContext {
  db: Tx;
  tenantId: string;
  actorId: string | null;
}

export async function addToDoNotCall(
  ctx: DncContext,
  input: { phone: string; source: "call" | "manual" | "import"; callId?: string | null; reason?: string },
): Promise<{ phone: string; contactsFlagged: number }> {
  const raw = input.phone.trim();
  if (!raw) return { phone: raw, contactsFlagged: 0 };
  const entry = await addDoNotCall(ctx, {
    phone: raw,
    source: input.source === "call" ? "call_opt_out" : input.source,
    reason: input.reason ?? (input.callId ? `Asked not to be called (call ${input.callId})` : ""),
  });
  const flagged = await ctx.db.contact.updateMany({
    where: { tenantId: ctx.tenantId, OR: [{ phone: entry.phone }, { altPhone: entry.phone }] },
    data: { doNotCall: true },
  });
  return { phone: entry.phone, contactsFlagged: flagged.count };
}
