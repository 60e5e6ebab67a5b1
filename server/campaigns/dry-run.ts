// Dry run: a campaign's workflow version played against simulated callees (personas with scripted
// replies) through the real runtime, to preview outcomes before any real call.
//
// Safety: the runtime's actions are real (confirm_appointment, reschedule, record a promise,
// add_do_not_call...). So a dry run never executes in the business itself: it runs in a SANDBOX
// business (one per real business, reused, marked settings.sandbox / settings.dryRunOf) built with
// the demo team and calendar, whose name, time zone and call settings are copied from the real
// business; each subject's contact / appointment / invoice is COPIED into the sandbox
// (agents/sim applySetup) and the persona's call runs there. The only writes in the real business
// are read-only copies of the resulting conversations: Call rows with simulated = true (and their
// turns and actions), labelled "Simulation" everywhere, with no contact link and no CallTask, so
// guard caps, auto-pause, usage and campaign results (all filter simulated = false) never count
// them; plus one audit entry.
import { z } from "zod";
import { systemDb, withTenant, type Prisma, type Tx } from "../db";
import { recordAudit } from "../audit/log";
import { loadVersionSpec } from "../../agents/runtime/index";
import { createSandboxBusiness, runScenario, type ScenarioResult } from "../../agents/sim/run-scenario";
import { OutboundError } from "./errors";
import { parseCampaignSettings } from "./settings";

export interface DryRunContext {
  db: Tx;
  tenantId: string;
  actorId: string | null;
}

export interface Persona {
  key: string;
  label: string;
  /** What the callee says, turn by turn ("{first}": the subject's first name; "{part}": about a third of the amount due). */
  turns: string[];
  answeredBy?: "human" | "voicemail";
}

const VOICEMAIL: Persona = { key: "voicemail", label: "Voicemail", turns: [], answeredBy: "voicemail" };
const OPTS_OUT: Persona = { key: "opts_out", label: "Opts out", turns: ["yes", "stop calling me, put me on your do not call list"] };
const WRONG_PERSON: Persona = { key: "wrong_person", label: "Wrong person", turns: ["no, you have the wrong number"] };

export const PERSONAS: Record<"reminder" | "collections" | "list", Persona[]> = {
  reminder: [
    { key: "confirms", label: "Confirms", turns: ["yes this is {first}", "yes, I'll be there"] },
    { key: "reschedules", label: "Reschedules", turns: ["yes", "I need to reschedule", "next Tuesday afternoon", "yes"] },
    VOICEMAIL,
    OPTS_OUT,
    WRONG_PERSON,
  ],
  collections: [
    { key: "promises_to_pay", label: "Promises to pay", turns: ["yes", "I can pay some of it", "{part}", "next Friday"] },
    { key: "disputes", label: "Disputes", turns: ["yes", "I don't owe that", "I was charged twice for the same visit"] },
    VOICEMAIL,
    OPTS_OUT,
    WRONG_PERSON,
  ],
  list: [{ key: "interested", label: "Interested", turns: ["yes this is {first}", "yes", "yes please"] }, VOICEMAIL, OPTS_OUT, WRONG_PERSON],
};

export const dryRunInput = z.object({
  campaignId: z.string().min(1).max(64),
  /** How many simulated calls (default one per persona; personas and subjects round-robin). */
  size: z.number().int().min(1).max(20).optional(),
});

export interface DryRunSubject {
  label: string;
  source: "task" | "synthetic";
  taskId?: string;
  phone: string;
  setup: {
    contact: { firstName: string; lastName: string; phone: string };
    appointments: { startsIn: string; service?: string }[];
    invoices: { number: string; amountDue: string; currency: string; dueDaysAgo: number }[];
  };
}

export interface DryRunCall {
  callId: string;
  persona: string;
  personaLabel: string;
  subject: string;
  source: "task" | "synthetic";
  outcome: string | null;
  ended: boolean;
  turns: number;
  error?: string;
}

export interface DryRunResult {
  runId: string;
  campaignId: string;
  at: string;
  sandboxTenantId: string;
  calls: DryRunCall[];
  outcomes: Record<string, number>;
}

const DAY = 86_400_000;

/** The subjects: a sample of the campaign's due (pending/waiting, real) tasks, else synthetic ones. */
export async function dryRunSubjects(ctx: DryRunContext, campaign: { id: string; type: "reminder" | "collections" | "list"; settings: unknown }, size: number, now: Date): Promise<DryRunSubject[]> {
  const tasks = await ctx.db.callTask.findMany({
    where: { tenantId: ctx.tenantId, campaignId: campaign.id, simulated: false, state: { in: ["pending", "waiting"] } },
    orderBy: [{ nextAttemptAt: "asc" }, { id: "asc" }],
    take: size,
    include: { contact: { select: { givenName: true, familyName: true } } },
  });
  const subjects: DryRunSubject[] = [];
  for (const t of tasks) {
    const firstName = t.contact?.givenName || "Sam";
    const lastName = t.contact?.familyName || "Caller";
    const subject: DryRunSubject = {
      label: `${firstName} ${lastName}`.trim(),
      source: "task",
      taskId: t.id,
      phone: t.phone,
      setup: { contact: { firstName, lastName, phone: t.phone }, appointments: [], invoices: [] },
    };
    if (t.subjectType === "appointment") {
      const a = await ctx.db.appointment.findFirst({ where: { id: t.subjectId, tenantId: ctx.tenantId }, select: { startsAt: true, service: { select: { name: true } } } });
      if (!a) continue;
      const minutes = Math.max(60, Math.round((a.startsAt.getTime() - now.getTime()) / 60_000));
      subject.setup.appointments.push({ startsIn: `${minutes}m`, service: a.service?.name });
    } else if (t.subjectType === "invoice") {
      const i = await ctx.db.invoice.findFirst({ where: { id: t.subjectId, tenantId: ctx.tenantId }, select: { number: true, amountDue: true, currency: true, dueDate: true } });
      if (!i) continue;
      const dueDaysAgo = i.dueDate ? Math.max(0, Math.round((now.getTime() - i.dueDate.getTime()) / DAY)) : 0;
      subject.setup.invoices.push({ number: i.number, amountDue: i.amountDue.toFixed(2), currency: i.currency, dueDaysAgo });
    }
    subjects.push(subject);
  }
  if (subjects.length) return subjects;

  const settings = parseCampaignSettings(campaign.type, campaign.settings) as Record<string, unknown>;
  return Array.from({ length: size }, (_, k) => {
    const phone = `+1415555${String(100 + k).padStart(4, "0")}`; // 555-01xx: fictional numbers
    const s: DryRunSubject = {
      label: `Sample callee ${k + 1}`,
      source: "synthetic",
      phone,
      setup: { contact: { firstName: "Sample", lastName: `Callee ${k + 1}`, phone }, appointments: [], invoices: [] },
    };
    if (campaign.type === "reminder") s.setup.appointments.push({ startsIn: `${Number(settings.hoursBefore ?? 24)}h` });
    if (campaign.type === "collections") {
      const min = Number(settings.minAmount ?? 0);
      s.setup.invoices.push({ number: `DRY-${k + 1}`, amountDue: Math.max(min, 120).toFixed(2), currency: "USD", dueDaysAgo: Number(settings.minDaysOverdue ?? 10) + k });
    }
    return s;
  });
}

const sandboxes = new Map<string, Promise<string>>();

/** The business's sandbox (created once, found again after restarts), synced with its name and settings. */
export async function dryRunSandbox(tenantId: string, now: Date): Promise<string> {
  const key = `${process.env.DATABASE_URL ?? ""}|${tenantId}`;
  let p = sandboxes.get(key);
  if (!p) {
    p = (async () => {
      const sys = systemDb();
      const found = await sys.tenant.findFirst({ where: { settings: { path: ["dryRunOf"], equals: tenantId } }, select: { id: true } });
      return found?.id ?? (await createSandboxBusiness(now)).tenantId;
    })();
    p.catch(() => sandboxes.delete(key));
    sandboxes.set(key, p);
  }
  const sandboxId = await p;
  const sys = systemDb();
  const real = await sys.tenant.findUniqueOrThrow({ where: { id: tenantId }, select: { name: true, timezone: true, country: true, settings: true } });
  await sys.tenant.update({
    where: { id: sandboxId },
    data: {
      name: real.name,
      timezone: real.timezone,
      country: real.country,
      // The transfer number is dropped: a dry run must never ring a real person.
      settings: { ...((real.settings ?? {}) as Record<string, unknown>), transferNumber: null, sandbox: true, dryRunOf: tenantId } as Prisma.InputJsonValue,
    },
  });
  return sandboxId;
}

/**
 * Clears what an earlier run left in the sandbox for this number (its contact is unique per phone
 * there too): appointments cancelled (frees the calendar), contacts retired, do-not-call entries removed.
 */
async function resetSandboxSubject(sandboxId: string, phones: string[]) {
  const sys = systemDb();
  await sys.appointment.updateMany({ where: { tenantId: sandboxId, status: { not: "cancelled" }, contact: { phone: { in: phones } } }, data: { status: "cancelled" } });
  // Retired rather than deleted (their invoices keep them): no longer found by number.
  await sys.contact.updateMany({ where: { tenantId: sandboxId, OR: [{ phone: { in: phones } }, { altPhone: { in: phones } }] }, data: { phone: null, altPhone: null, email: null } });
  await sys.doNotCallEntry.deleteMany({ where: { tenantId: sandboxId, phone: { in: phones } } });
}

/** A partial payment the "promises to pay" persona offers: a third of the debt, in whole units. */
function partOf(subject: DryRunSubject): string {
  const due = Number(subject.setup.invoices[0]?.amountDue ?? "150");
  return `$${Math.max(1, Math.floor(due / 3))}`;
}

/** Copies (so the number stays unique in the reused sandbox) and personalises a subject's setup. */
async function sandboxSetup(sandboxId: string, subject: DryRunSubject) {
  const invoices = [];
  for (const inv of subject.setup.invoices) {
    const taken = await systemDb().invoice.findFirst({ where: { tenantId: sandboxId, number: inv.number }, select: { id: true } });
    invoices.push(taken ? { ...inv, number: `${inv.number}-${Math.random().toString(36).slice(2, 6).toUpperCase()}` } : inv);
  }
  return { ...subject.setup, invoices };
}

/** Who runs it: the service opens its own short transactions (a dry run takes seconds). */
export interface DryRunScope {
  tenantId: string;
  actorId: string | null;
}

/** Runs the dry run and stores each conversation as a simulated Call in the real business. */
export async function runDryRun(scope: DryRunScope, raw: z.input<typeof dryRunInput>, opts: { now?: Date } = {}): Promise<DryRunResult> {
  const input = dryRunInput.parse(raw);
  const now = opts.now ?? new Date();
  // 1. Read (real business, read only): the campaign, its version's spec, the subjects.
  const { campaign, spec, subjects, personas } = await withTenant({ tenantId: scope.tenantId }, async (db) => {
    const ctx = { db, ...scope };
    const campaign = await db.campaign.findFirst({ where: { id: input.campaignId, tenantId: scope.tenantId } });
    if (!campaign) throw new OutboundError("NOT_FOUND", "Campaign not found");
    if (!campaign.workflowVersionId) throw new OutboundError("INVALID", "Choose a published workflow for this campaign before a dry run");
    const { spec } = await loadVersionSpec(db, campaign.workflowVersionId);
    const personas = PERSONAS[campaign.type];
    const subjects = await dryRunSubjects(ctx, campaign, input.size ?? personas.length, now);
    return { campaign, spec, subjects, personas };
  });

  // 2. Run (sandbox business only): every action the workflow takes lands there.
  const sandboxId = await dryRunSandbox(scope.tenantId, now);
  const runId = `dry_${now.getTime().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const results: { subject: DryRunSubject; persona: Persona; result?: ScenarioResult; error?: string }[] = [];
  // `size` calls (default: one per persona); a small sample of due tasks is reused round-robin.
  const size = input.size ?? personas.length;
  for (let i = 0; i < size; i++) {
    const subject = subjects[i % subjects.length]!;
    const persona = personas[i % personas.length]!;
    try {
      await resetSandboxSubject(sandboxId, [subject.phone]);
      const result = await runScenario({
        spec,
        tenantId: sandboxId,
        scenario: {
          name: `dry run: ${persona.label}`,
          direction: "outbound",
          caller: subject.phone,
          answeredBy: persona.answeredBy,
          now: now.toISOString(),
          setup: await sandboxSetup(sandboxId, subject),
          turns: persona.turns.map((t) => t.replaceAll("{first}", subject.setup.contact.firstName).replaceAll("{part}", partOf(subject))),
        },
      });
      results.push({ subject, persona, result });
    } catch (error) {
      results.push({ subject, persona, error: error instanceof Error ? error.message : String(error) });
    }
  }
  // Free the sandbox calendar for the next run (the conversations are copied below).
  await resetSandboxSubject(sandboxId, subjects.map((s) => s.phone));

  // 3. Record (real business): copies of the conversations, simulated, linked to nothing real.
  const calls = await withTenant({ tenantId: scope.tenantId }, async (db) => {
    const calls: DryRunCall[] = [];
    for (const { subject, persona, result, error } of results) {
      const call = await db.call.create({
        data: {
          tenantId: scope.tenantId,
          direction: "outbound",
          status: persona.answeredBy === "voicemail" ? "voicemail" : error ? "failed" : "completed",
          simulated: true,
          workflowId: campaign.workflowId,
          workflowVersionId: campaign.workflowVersionId,
          contactId: null,
          toNumber: subject.phone,
          outcome: result?.outcome ?? null,
          summary: `Dry run of "${campaign.name}": simulated callee "${persona.label}" (${subject.label}). No phone call took place.`,
          summarySource: "local",
          startedAt: now,
          answeredAt: now,
          endedAt: now,
          metadata: { dryRun: true, dryRunId: runId, dryRunCampaignId: campaign.id, persona: persona.key, personaLabel: persona.label, subject: subject.label, subjectSource: subject.source, taskId: subject.taskId ?? null, error: error ?? null } as Prisma.InputJsonValue,
        },
      });
      const transcript = result?.transcript ?? [];
      if (transcript.length) {
        await db.callTurn.createMany({ data: transcript.map((l, seq) => ({ tenantId: scope.tenantId, callId: call.id, seq, role: l.role, text: l.text, at: new Date(now.getTime() + seq * 1000) })) });
      }
      const actions = result?.actions ?? [];
      if (actions.length) {
        await db.callAction.createMany({
          data: actions.map((a, seq) => ({ tenantId: scope.tenantId, callId: call.id, seq, type: a.type, ok: a.ok !== false, input: {}, result: JSON.parse(JSON.stringify(a)) as Prisma.InputJsonValue })),
        });
      }
      calls.push({ callId: call.id, persona: persona.key, personaLabel: persona.label, subject: subject.label, source: subject.source, outcome: result?.outcome ?? null, ended: result?.ended ?? false, turns: transcript.length, ...(error ? { error } : {}) });
    }
    await recordAudit(db, { tenantId: scope.tenantId, actorId: scope.actorId, action: "campaign.dry_run", targetType: "campaign", targetId: campaign.id, meta: { runId, calls: calls.length } });
    return calls;
  });
  return { runId, campaignId: campaign.id, at: now.toISOString(), sandboxTenantId: sandboxId, calls, outcomes: tally(calls) };
}

function tally(calls: { outcome: string | null }[]) {
  const out: Record<string, number> = {};
  for (const c of calls) out[c.outcome ?? "none"] = (out[c.outcome ?? "none"] ?? 0) + 1;
  return out;
}

/** The latest dry run of a campaign, read back from its simulated calls. */
export async function latestDryRun(ctx: DryRunContext, campaignId: string) {
  const rows = await ctx.db.call.findMany({
    where: { tenantId: ctx.tenantId, simulated: true, metadata: { path: ["dryRunCampaignId"], equals: campaignId } },
    orderBy: [{ createdAt: "desc" }, { id: "asc" }],
    take: 100,
    select: { id: true, outcome: true, status: true, createdAt: true, metadata: true, _count: { select: { turns: true } } },
  });
  if (!rows.length) return null;
  const runId = (rows[0]!.metadata as Record<string, unknown>).dryRunId;
  const calls = rows
    .filter((r) => (r.metadata as Record<string, unknown>).dryRunId === runId)
    .map((r) => {
      const m = r.metadata as Record<string, unknown>;
      return { callId: r.id, persona: String(m.persona ?? ""), personaLabel: String(m.personaLabel ?? m.persona ?? ""), subject: String(m.subject ?? ""), source: String(m.subjectSource ?? ""), outcome: r.outcome, status: r.status, turns: r._count.turns, error: typeof m.error === "string" ? m.error : null };
    })
    .reverse();
  return { runId: String(runId), at: rows[0]!.createdAt, calls, outcomes: tally(calls) };
}
