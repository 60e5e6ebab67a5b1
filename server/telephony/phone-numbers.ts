// A business's phone numbers: which workflow answers each, which one is the caller id for outbound
// calls, and (when LiveKit is configured) the SIP inbound trunk and dispatch rule that route a
// call to the number into a fresh room with our agent.
import { RoomAgentDispatch, RoomConfiguration, ServerError } from "livekit-server-sdk";
import { z } from "zod";
import { Prisma, systemDb, withTenant, type Tx } from "../db";
import { recordAudit } from "../audit/log";
import { parsePhone } from "../contacts/phone";
import { logger } from "../logger";
import { workflowSpec, type WorkflowSpec } from "../../agents/graphs/spec";
import { getInboundWorkflowVersion } from "../workflows/inbound";
import { livekit, type LivekitClients } from "./livekit";

/** Rooms for inbound calls are "inbound-<caller>-<random>" (LiveKit's individual dispatch rule). */
export const INBOUND_ROOM_PREFIX = "inbound-";

export interface PhoneNumberContext {
  db: Tx;
  tenantId: string;
  actorId: string | null;
  ip?: string;
  /** Defaults to the environment's LiveKit; null: not configured (nothing is provisioned). */
  clients?: LivekitClients | null;
}

export class PhoneNumberError extends Error {
  constructor(
    readonly code: "NOT_FOUND" | "INVALID" | "CONFLICT" | "LIVEKIT",
    message: string,
  ) {
    super(message);
    this.name = "PhoneNumberError";
  }
}

const id = z.string().min(1).max(64);
const trunkId = z.string().trim().max(100).regex(/^(ST_[A-Za-z0-9]+)?$/, "A LiveKit trunk id looks like ST_abc123");

export const addPhoneNumberInput = z.object({
  number: z.string().trim().min(1, "Enter the phone number").max(40),
  label: z.string().trim().max(100).default(""),
  workflowId: id.nullish(),
  useForOutbound: z.boolean().default(false),
  outboundTrunkId: trunkId.nullish(),
});
export const updatePhoneNumberInput = z.object({
  id,
  label: z.string().trim().max(100).optional(),
  workflowId: id.nullish(),
  useForOutbound: z.boolean().optional(),
  outboundTrunkId: trunkId.nullish(),
});

export interface PhoneNumberView {
  id: string;
  e164: string;
  label: string;
  workflow: { id: string; name: string; published: boolean } | null;
  useForOutbound: boolean;
  outboundTrunkId: string | null;
  /** The SIP inbound trunk and dispatch rule exist in LiveKit. */
  provisioned: boolean;
  livekitInboundTrunkId: string | null;
  livekitDispatchRuleId: string | null;
  createdAt: Date;
}

async function toViews(ctx: PhoneNumberContext, rows: Prisma.PhoneNumberGetPayload<object>[]): Promise<PhoneNumberView[]> {
  const workflowIds = [...new Set(rows.map((r) => r.workflowId).filter((v): v is string => !!v))];
  const workflows = workflowIds.length
    ? await ctx.db.workflow.findMany({ where: { tenantId: ctx.tenantId, id: { in: workflowIds } }, select: { id: true, name: true, currentVersionId: true } })
    : [];
  const byId = new Map(workflows.map((w) => [w.id, w]));
  return rows.map((r) => {
    const wf = r.workflowId ? byId.get(r.workflowId) : undefined;
    return {
      id: r.id,
      e164: r.e164,
      label: r.label,
      workflow: wf ? { id: wf.id, name: wf.name, published: wf.currentVersionId !== null } : null,
      useForOutbound: r.useForOutbound,
      outboundTrunkId: r.outboundTrunkId,
      provisioned: Boolean(r.livekitInboundTrunkId && r.livekitDispatchRuleId),
      livekitInboundTrunkId: r.livekitInboundTrunkId,
      livekitDispatchRuleId: r.livekitDispatchRuleId,
      createdAt: r.createdAt,
    };
  });
}

export async function listPhoneNumbers(ctx: PhoneNumberContext): Promise<PhoneNumberView[]> {
  const rows = await ctx.db.phoneNumber.findMany({ where: { tenantId: ctx.tenantId }, orderBy: { createdAt: "asc" } });
  return toViews(ctx, rows);
}

async function assertWorkflow(ctx: PhoneNumberContext, workflowId: string | null | undefined) {
  if (!workflowId) return;
  const wf = await ctx.db.workflow.findFirst({ where: { id: workflowId, tenantId: ctx.tenantId }, select: { direction: true, archivedAt: true, name: true } });
  if (!wf) throw new PhoneNumberError("INVALID", "That workflow does not exist in this business.");
  if (wf.archivedAt) throw new PhoneNumberError("INVALID", `'${wf.name}' is archived.`);
  if (wf.direction !== "inbound") throw new PhoneNumberError("INVALID", `'${wf.name}' is an outbound workflow; pick an inbound one to answer calls.`);
}

const clientsOf = (ctx: PhoneNumberContext) => (ctx.clients === undefined ? livekit() : ctx.clients);

export async function addPhoneNumber(ctx: PhoneNumberContext, rawInput: z.input<typeof addPhoneNumberInput>): Promise<PhoneNumberView> {
  const input = addPhoneNumberInput.parse(rawInput);
  const tenant = await ctx.db.tenant.findFirstOrThrow({ where: { id: ctx.tenantId }, select: { country: true } });
  const parsed = parsePhone(input.number, tenant.country);
  if (!parsed.ok) throw new PhoneNumberError("INVALID", parsed.reason);
  await assertWorkflow(ctx, input.workflowId);
  const e164 = parsed.phone.e164;
  // The unique index spans businesses (one number rings one business); RLS hides the other
  // business's row, so ask the database through a savepoint-free pre-check on the owner client.
  const taken = await systemDb().phoneNumber.findUnique({ where: { e164 }, select: { tenantId: true } });
  if (taken) {
    throw new PhoneNumberError("CONFLICT", taken.tenantId === ctx.tenantId ? `${e164} is already on your list.` : `${e164} is connected to another business.`);
  }
  if (input.useForOutbound) await ctx.db.phoneNumber.updateMany({ where: { tenantId: ctx.tenantId }, data: { useForOutbound: false } });
  let row;
  try {
    row = await ctx.db.phoneNumber.create({
      data: {
        tenantId: ctx.tenantId,
        e164,
        label: input.label,
        workflowId: input.workflowId ?? null,
        useForOutbound: input.useForOutbound,
        outboundTrunkId: input.outboundTrunkId || null,
      },
    });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      throw new PhoneNumberError("CONFLICT", `${e164} is connected to another business.`);
    }
    throw error;
  }
  const clients = clientsOf(ctx);
  if (clients) row = await provision(ctx, clients, row);
  await recordAudit(ctx.db, {
    tenantId: ctx.tenantId,
    actorId: ctx.actorId,
    action: "phone_number.added",
    targetType: "phone_number",
    targetId: row.id,
    ip: ctx.ip,
    meta: { e164, provisioned: Boolean(row.livekitInboundTrunkId) },
  });
  return (await toViews(ctx, [row]))[0]!;
}

export async function updatePhoneNumber(ctx: PhoneNumberContext, rawInput: z.input<typeof updatePhoneNumberInput>): Promise<PhoneNumberView> {
  const input = updatePhoneNumberInput.parse(rawInput);
  const before = await ctx.db.phoneNumber.findFirst({ where: { id: input.id, tenantId: ctx.tenantId } });
  if (!before) throw new PhoneNumberError("NOT_FOUND", "Phone number not found.");
  if (input.workflowId !== undefined) await assertWorkflow(ctx, input.workflowId);
  if (input.useForOutbound) {
    await ctx.db.phoneNumber.updateMany({ where: { tenantId: ctx.tenantId, id: { not: before.id } }, data: { useForOutbound: false } });
  }
  let row = await ctx.db.phoneNumber.update({
    where: { id: before.id },
    data: {
      label: input.label,
      workflowId: input.workflowId === undefined ? undefined : input.workflowId,
      useForOutbound: input.useForOutbound,
      outboundTrunkId: input.outboundTrunkId === undefined ? undefined : input.outboundTrunkId || null,
    },
  });
  const clients = clientsOf(ctx);
  // A number added before LiveKit was configured gets its trunk and rule on its next save.
  if (clients) row = await provision(ctx, clients, row);
  await recordAudit(ctx.db, {
    tenantId: ctx.tenantId,
    actorId: ctx.actorId,
    action: "phone_number.updated",
    targetType: "phone_number",
    targetId: row.id,
    ip: ctx.ip,
    meta: {
      e164: row.e164,
      workflowId: { from: before.workflowId, to: row.workflowId },
      useForOutbound: row.useForOutbound,
    },
  });
  return (await toViews(ctx, [row]))[0]!;
}

export async function removePhoneNumber(ctx: PhoneNumberContext, input: { id: string }): Promise<void> {
  const row = await ctx.db.phoneNumber.findFirst({ where: { id: input.id, tenantId: ctx.tenantId } });
  if (!row) throw new PhoneNumberError("NOT_FOUND", "Phone number not found.");
  const clients = clientsOf(ctx);
  if (clients) {
    // Rule first: a trunk without a rule rejects calls; a rule without its trunk is an orphan.
    if (row.livekitDispatchRuleId) await ignoreNotFound(() => clients.sip.deleteSipDispatchRule(row.livekitDispatchRuleId!));
    if (row.livekitInboundTrunkId) await ignoreNotFound(() => clients.sip.deleteSipTrunk(row.livekitInboundTrunkId!));
  }
  await ctx.db.phoneNumber.delete({ where: { id: row.id } });
  await recordAudit(ctx.db, {
    tenantId: ctx.tenantId,
    actorId: ctx.actorId,
    action: "phone_number.removed",
    targetType: "phone_number",
    targetId: row.id,
    ip: ctx.ip,
    meta: { e164: row.e164 },
  });
}

async function ignoreNotFound(fn: () => Promise<unknown>) {
  try {
    await fn();
  } catch (error) {
    if (error instanceof ServerError && error.status === 404) return;
    throw new PhoneNumberError("LIVEKIT", `LiveKit refused the change: ${(error as Error).message}`);
  }
}

type PhoneRow = Prisma.PhoneNumberGetPayload<object>;

/**
 * Creates (or renames) the number's SIP inbound trunk and its dispatch rule: each caller gets an
 * individual room, and the room's configuration dispatches our agent with the number's metadata.
 */
async function provision(ctx: PhoneNumberContext, clients: LivekitClients, row: PhoneRow): Promise<PhoneRow> {
  const name = `Switchboard ${row.e164}${row.label ? ` (${row.label})` : ""}`.slice(0, 100);
  const metadata = JSON.stringify({ tenantId: ctx.tenantId, phoneNumberId: row.id, direction: "inbound" });
  try {
    if (row.livekitInboundTrunkId && row.livekitDispatchRuleId) {
      await clients.sip.updateSipInboundTrunkFields(row.livekitInboundTrunkId, { name, metadata });
      await clients.sip.updateSipDispatchRuleFields(row.livekitDispatchRuleId, { name, metadata });
      return row;
    }
    const trunk = row.livekitInboundTrunkId
      ? { sipTrunkId: row.livekitInboundTrunkId }
      : await clients.sip.createSipInboundTrunk(name, [row.e164], { metadata, krispEnabled: true });
    let rule;
    try {
      rule = await clients.sip.createSipDispatchRule(
        { type: "individual", roomPrefix: INBOUND_ROOM_PREFIX },
        {
          name,
          metadata,
          trunkIds: [trunk.sipTrunkId],
          roomConfig: new RoomConfiguration({ agents: [new RoomAgentDispatch({ agentName: clients.config.agentName, metadata })] }),
        },
      );
    } catch (error) {
      if (!row.livekitInboundTrunkId) await clients.sip.deleteSipTrunk(trunk.sipTrunkId).catch(() => undefined);
      throw error;
    }
    return ctx.db.phoneNumber.update({
      where: { id: row.id },
      data: { livekitInboundTrunkId: trunk.sipTrunkId, livekitDispatchRuleId: rule.sipDispatchRuleId },
    });
  } catch (error) {
    if (error instanceof PhoneNumberError) throw error;
    logger.warn({ tenantId: ctx.tenantId, phoneNumberId: row.id, error: (error as Error).message }, "livekit SIP provisioning failed");
    throw new PhoneNumberError("LIVEKIT", `LiveKit could not set up ${row.e164}: ${(error as Error).message}`);
  }
}

export interface InboundRoute {
  tenantId: string;
  phoneNumberId: string;
  e164: string;
  label: string;
  /** Null when neither the number nor the business names a published inbound workflow: take a message. */
  workflow: { workflowId: string; workflowVersionId: string; version: number; spec: WorkflowSpec } | null;
}

/**
 * For the agent worker: who answers a call to `dialledNumber` (the SIP participant's
 * sip.trunkPhoneNumber attribute). Runs across businesses by design, then inside the one found.
 */
export async function resolveInboundCall(dialledNumber: string): Promise<InboundRoute | null> {
  const e164 = dialledNumber.trim().replace(/[^\d+]/g, "").replace(/^(?=\d)/, "+");
  const phone = await systemDb().phoneNumber.findUnique({
    where: { e164 },
    select: { id: true, tenantId: true, e164: true, label: true, workflowId: true, tenant: { select: { status: true } } },
  });
  if (!phone || phone.tenant.status !== "active") return null;
  const route = { tenantId: phone.tenantId, phoneNumberId: phone.id, e164: phone.e164, label: phone.label };
  if (phone.workflowId) {
    const own = await withTenant({ tenantId: phone.tenantId }, (tx) =>
      tx.workflow.findFirst({
        where: { id: phone.workflowId!, tenantId: phone.tenantId, archivedAt: null },
        select: { id: true, currentVersion: { select: { id: true, version: true, spec: true } } },
      }),
    );
    if (own?.currentVersion) {
      return {
        ...route,
        workflow: { workflowId: own.id, workflowVersionId: own.currentVersion.id, version: own.currentVersion.version, spec: workflowSpec.parse(own.currentVersion.spec) },
      };
    }
  }
  // The number names no (published) workflow: the business-wide inbound choice answers.
  return { ...route, workflow: await getInboundWorkflowVersion(phone.tenantId) };
}
