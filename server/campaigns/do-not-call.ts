// The business's do-not-call list. Opt-outs during calls (source call_opt_out) land here and the
// guard honours them at the next dispatch; pending tasks to the number are blocked at once.
import { z } from "zod";
import type { Tx } from "../db";
import { recordAudit } from "../audit/log";
import { parsePhone } from "../contacts/phone";
import { OutboundError } from "./errors";

export interface DncContext {
  db: Tx;
  tenantId: string;
  actorId: string | null;
}

export const dncAddInput = z.object({
  phone: z.string().trim().min(3).max(40),
  reason: z.string().trim().max(500).default(""),
  source: z.enum(["manual", "call_opt_out", "import"]).default("manual"),
});

async function businessCountry(ctx: DncContext) {
  return (await ctx.db.tenant.findUniqueOrThrow({ where: { id: ctx.tenantId }, select: { country: true } })).country;
}

/** Adds a number (idempotent: a second add keeps the first entry). Returns the E.164 form. */
export async function addDoNotCall(ctx: DncContext, raw: z.input<typeof dncAddInput>, country?: string) {
  const input = dncAddInput.parse(raw);
  const parsed = parsePhone(input.phone, country ?? (await businessCountry(ctx)));
  if (!parsed.ok) throw new OutboundError("INVALID", parsed.reason);
  const phone = parsed.phone.e164;
  const entry = await ctx.db.doNotCallEntry.upsert({
    where: { tenantId_phone: { tenantId: ctx.tenantId, phone } },
    create: { tenantId: ctx.tenantId, phone, reason: input.reason, source: input.source, createdById: ctx.actorId },
    update: {},
  });
  // Honoured at once: nothing still waiting to be dialled may ring this number.
  await ctx.db.callTask.updateMany({
    where: { tenantId: ctx.tenantId, phone, state: { in: ["pending", "waiting"] } },
    data: { state: "blocked", reasonCode: "dnc_list", reason: "The number is on the do-not-call list" },
  });
  await recordAudit(ctx.db, { tenantId: ctx.tenantId, actorId: ctx.actorId, action: "dnc.added", targetType: "do_not_call", targetId: entry.id, meta: { source: input.source } });
  return entry;
}

export async function removeDoNotCall(ctx: DncContext, id: string) {
  const entry = await ctx.db.doNotCallEntry.findFirstOrThrow({ where: { id, tenantId: ctx.tenantId } });
  await ctx.db.doNotCallEntry.delete({ where: { id: entry.id } });
  await recordAudit(ctx.db, { tenantId: ctx.tenantId, actorId: ctx.actorId, action: "dnc.removed", targetType: "do_not_call", targetId: entry.id });
}

export const dncListInput = z.object({ q: z.string().trim().max(40).optional(), take: z.number().int().min(1).max(200).default(50), cursor: z.string().optional() });

export async function listDoNotCall(ctx: DncContext, raw: z.input<typeof dncListInput>) {
  const input = dncListInput.parse(raw);
  const digits = input.q?.replace(/\D/g, "");
  const rows = await ctx.db.doNotCallEntry.findMany({
    // Phone prefix on the unique (tenantId, phone) index: "+1415" finds every 415 number.
    where: { tenantId: ctx.tenantId, ...(digits ? { phone: { startsWith: `+${digits}` } } : {}) },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: input.take + 1,
    ...(input.cursor ? { cursor: { id: input.cursor }, skip: 1 } : {}),
  });
  const more = rows.length > input.take;
  return { entries: rows.slice(0, input.take), nextCursor: more ? rows[input.take - 1]!.id : null };
}

/** CSV import: one number per row (first column or a "phone" column). Returns counts and rejections. */
export async function importDoNotCall(ctx: DncContext, rows: { phone: string; reason?: string }[]) {
  const country = await businessCountry(ctx);
  let added = 0;
  const rejected: { line: number; reason: string }[] = [];
  for (const [i, row] of rows.entries()) {
    const parsed = parsePhone(row.phone ?? "", country);
    if (!parsed.ok) {
      rejected.push({ line: i + 2, reason: parsed.reason });
      continue;
    }
    await addDoNotCall(ctx, { phone: parsed.phone.e164, reason: row.reason ?? "", source: "import" }, country);
    added++;
  }
  return { added, rejected };
}
