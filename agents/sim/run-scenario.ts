// Runs one scripted conversation against a workflow with no network: the simulator behind
// `npm run call:sim`, scenario tests ("Run tests", publish gating) and the editor.
// Without a tenant it creates a fresh sandbox business seeded with the demo data (server/demo).
import { z } from "zod";
import { systemDb, withTenant, type Tx } from "../../server/db";
import { createContact } from "../../server/contacts/contacts";
import { book } from "../../server/scheduling/appointments";
import { createInvoice } from "../../server/invoices/invoices";
import { businessToday } from "../../server/invoices/dates";
import { createProject } from "../../server/projects/projects";
import { PROJECT_STATUSES } from "../../server/projects/status";
import { createArticle } from "../../server/knowledge/articles";
import { buildDemoBusiness } from "../../server/demo/dental";
import { scenarioExpectation, scenarioSetup, workflowScenario, type WorkflowScenario, type WorkflowSpec } from "../graphs/spec";
import { createRuntime, type Runtime, type TurnResult } from "../runtime/index";

export interface ScenarioResult {
  callId: string;
  outcome: string | null;
  transcript: { role: "agent" | "caller"; text: string }[];
  actions: { type: string; [k: string]: unknown }[];
  ended: boolean;
  state: { slots: Record<string, unknown>; vars: Record<string, unknown>; nodeId: string | null; path: string[] };
  passed: boolean;
  failures: string[];
}

/** A scenario as runScenario takes it: WorkflowScenario with `name` and `expect` optional. */
export const runnableScenario = workflowScenario.extend({
  name: z.string().max(200).default("scenario"),
  expect: scenarioExpectation.default({}),
});
export type RunnableScenario = z.input<typeof runnableScenario>;

export interface RunScenarioInput {
  spec?: WorkflowSpec;
  workflowVersionId?: string;
  scenario: RunnableScenario | WorkflowScenario;
  /** Run in this business; default: a sandbox business with demo data (see `sandbox`). */
  tenantId?: string;
  /**
   * Without tenantId: "shared" (default) builds one sandbox business per process and database
   * and reuses it (building the demo data takes seconds; each scenario's setup makes its own
   * contact, so scenarios stay apart except for calendar slots earlier ones booked); "fresh"
   * builds a new one for this scenario.
   */
  sandbox?: "shared" | "fresh";
  runtime?: Runtime;
  log?: (msg: string) => void;
}

/** A fresh sandbox business with the demo data (team, calendar, invoices, knowledge). */
export async function createSandboxBusiness(now: Date = new Date()): Promise<{ tenantId: string }> {
  const s = Math.random().toString(36).slice(2, 10);
  const sys = systemDb();
  const timeZone = "America/Chicago";
  const tenant = await sys.tenant.create({
    data: { name: "Bright Smile Dental", slug: `sandbox-${s}`, timezone: timeZone, industry: "dental", settings: { sandbox: true } },
  });
  const owner = await sys.user.create({ data: { email: `sandbox-${s}@sandbox.switchboard.invalid`, name: "Sandbox owner", passwordHash: "!" } });
  await sys.membership.create({ data: { tenantId: tenant.id, userId: owner.id, role: "owner" } });
  await withTenant({ tenantId: tenant.id }, (db) => buildDemoBusiness({ db, tenantId: tenant.id, timeZone, ownerId: owner.id, now }), { timeout: 120_000 });
  return { tenantId: tenant.id };
}

/** "26h", "3d", "90m", "1w" (negative allowed) -> milliseconds. */
export function parseDuration(text: string): number {
  const m = /^\s*(-?\d+(?:\.\d+)?)\s*(m|min|h|d|w)\s*$/i.exec(text);
  if (!m) throw new Error(`"${text}" is not a duration like 26h, 3d or 90m`);
  const unit = { m: 60_000, min: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 }[m[2]!.toLowerCase() as "m"]!;
  return Math.round(Number(m[1]) * unit);
}

type Setup = z.output<typeof scenarioSetup>;

export async function applySetup(db: Tx, tenantId: string, setup: Setup, caller: string | undefined, now: Date): Promise<string | undefined> {
  const ctx = { db, tenantId, actorId: null, now: () => now };
  const tenant = await db.tenant.findUniqueOrThrow({ where: { id: tenantId }, select: { timezone: true, settings: true } });
  const settings = (tenant.settings ?? {}) as Record<string, unknown>;
  if (settings.sandbox === true || typeof settings.dryRunOf === "string") await clearPreviousRun(db, tenantId, setup, caller);
  const needsContact = setup.contact || setup.appointments.length || setup.invoices.length || setup.projects.length;
  let contactId: string | undefined;
  if (needsContact) {
    const c = (setup.contact ?? {}) as Record<string, unknown>;
    const pick = (...keys: string[]) => keys.map((k) => c[k]).find((v): v is string => typeof v === "string");
    const contact = await createContact(ctx, {
      givenName: pick("givenName", "firstName") ?? "Sam",
      familyName: pick("familyName", "lastName") ?? "Caller",
      email: pick("email") ?? null,
      company: pick("company") ?? "",
      phone: pick("phone") ?? caller ?? null,
      tags: Array.isArray(c.tags) ? c.tags.filter((t): t is string => typeof t === "string") : [],
    } as never);
    contactId = contact.id;
  }
  for (const a of setup.appointments) {
    const services = await db.service.findMany({ where: { tenantId, active: true }, include: { staff: { include: { staff: true } } }, orderBy: { name: "asc" } });
    const service = (a.service ? services.find((s) => s.name.toLowerCase().includes(a.service!.toLowerCase())) : undefined) ?? services[0];
    if (!service) throw new Error("setup.appointments: the business has no services");
    const staffLinks = service.staff.map((l) => l.staff);
    const wanted = a.staff ? staffLinks.filter((s) => s.name.toLowerCase().includes(a.staff!.toLowerCase())) : [];
    const candidates = wanted.length ? wanted : staffLinks;
    if (!candidates.length) throw new Error(`setup.appointments: nobody performs ${service.name}`);
    const base = Math.round((now.getTime() + parseDuration(a.startsIn)) / 60_000) * 60_000;
    const duration = service.durationMinutes * 60_000;
    // The demo calendar is busy: take the first person free at (or soonest after) that time.
    let booked = false;
    const before = service.bufferBeforeMinutes * 60_000;
    const after = service.bufferAfterMinutes * 60_000;
    for (let shiftMin = 0; shiftMin <= 48 * 60 && !booked; shiftMin += 15) {
      const startsAt = new Date(base + shiftMin * 60_000);
      for (const staff of candidates) {
        const clash = await db.appointment.findFirst({
          where: { tenantId, staffId: staff.id, status: { notIn: ["cancelled"] }, blockedStart: { lt: new Date(startsAt.getTime() + duration + after) }, blockedEnd: { gt: new Date(startsAt.getTime() - before) } },
          select: { id: true },
        });
        if (clash) continue;
        await book(ctx, { serviceId: service.id, staffId: staff.id, startsAt, contactId, allowOutsideHours: true, source: "manual" });
        booked = true;
        break;
      }
    }
    if (!booked) throw new Error(`setup.appointments: no free time near ${a.startsIn} from now`);
  }
  const today = businessToday(tenant.timezone, now);
  const shift = (iso: string, days: number) => new Date(Date.parse(`${iso}T12:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
  for (const inv of setup.invoices) {
    const dueDate = shift(today, -inv.dueDaysAgo);
    await createInvoice(ctx, { number: inv.number, contactId: contactId!, currency: inv.currency, total: inv.amountDue, issueDate: shift(dueDate, -30), dueDate, paymentUrl: typeof inv.paymentUrl === "string" ? inv.paymentUrl : undefined });
  }
  for (const p of setup.projects) {
    const status = PROJECT_STATUSES.find((s) => s === p.status?.toLowerCase().replace(/\s+/g, "_")) ?? "in_progress";
    await createProject(ctx, { name: p.name, contactId, status, updateSummary: p.update ?? "" });
  }
  for (const k of setup.knowledge) await createArticle(ctx, { title: k.title, body: k.body });
  return contactId;
}

/**
 * A sandbox business is reused across runs (building one takes seconds): the subjects a scenario
 * sets up (its contact by phone or e-mail, its invoices by number) are removed first, so running
 * the same scenario again starts from the same state instead of "contact already exists".
 * Only ever called for sandbox businesses.
 */
async function clearPreviousRun(db: Tx, tenantId: string, setup: Setup, caller: string | undefined): Promise<void> {
  const c = (setup.contact ?? {}) as Record<string, unknown>;
  const phone = typeof c.phone === "string" ? c.phone : caller;
  const email = typeof c.email === "string" ? c.email : undefined;
  const or = [...(phone ? [{ phone }] : []), ...(email ? [{ email }] : [])];
  const contacts = or.length ? await db.contact.findMany({ where: { tenantId, OR: or }, select: { id: true } }) : [];
  const ids = contacts.map((x) => x.id);
  const numbers = setup.invoices.map((i) => i.number);
  await db.invoice.deleteMany({ where: { tenantId, OR: [{ contactId: { in: ids } }, { number: { in: numbers } }] } });
  if (ids.length) {
    await db.appointment.deleteMany({ where: { tenantId, contactId: { in: ids } } });
    await db.project.deleteMany({ where: { tenantId, contactId: { in: ids } } });
    await db.contact.deleteMany({ where: { tenantId, id: { in: ids } } });
  }
  if (phone) await db.doNotCallEntry.deleteMany({ where: { tenantId, phone } });
}

function partialMatch(actual: unknown, expected: unknown): boolean {
  if (expected === null || typeof expected !== "object") return actual === expected || String(actual) === String(expected);
  if (!actual || typeof actual !== "object") return false;
  return Object.entries(expected as Record<string, unknown>).every(([k, v]) => partialMatch((actual as Record<string, unknown>)[k], v));
}

export function checkExpectations(result: Omit<ScenarioResult, "passed" | "failures">, expect: z.output<typeof scenarioExpectation>): string[] {
  const failures: string[] = [];
  if (expect.outcome && result.outcome !== expect.outcome) failures.push(`Expected outcome "${expect.outcome}", got "${result.outcome ?? "none"}"`);
  if (expect.ended !== undefined && result.ended !== expect.ended) failures.push(expect.ended ? "Expected the call to end" : "Expected the call to still be going");
  for (const a of expect.actions) {
    if (!result.actions.some((x) => partialMatch(x, a))) failures.push(`Expected action ${JSON.stringify(a)}; actions were: ${result.actions.map((x) => x.type).join(", ") || "none"}`);
  }
  const agent = result.transcript.filter((l) => l.role === "agent").map((l) => l.text.toLowerCase());
  for (const s of expect.says) if (!agent.some((t) => t.includes(s.toLowerCase()))) failures.push(`Expected the agent to say "${s}"`);
  for (const s of expect.neverSays) {
    const line = agent.find((t) => t.includes(s.toLowerCase()));
    if (line) failures.push(`The agent must never say "${s}", but said: "${line}"`);
  }
  return failures;
}

let sharedRuntime: Runtime | undefined;
const sandboxes = new Map<string, Promise<{ tenantId: string }>>();

function sharedSandbox(now: Date): Promise<{ tenantId: string }> {
  const key = process.env.DATABASE_URL ?? "";
  let p = sandboxes.get(key);
  if (!p) {
    p = createSandboxBusiness(now);
    p.catch(() => sandboxes.delete(key));
    sandboxes.set(key, p);
  }
  return p;
}

export async function runScenario(input: RunScenarioInput): Promise<ScenarioResult> {
  const scenario = runnableScenario.parse(input.scenario);
  const log = input.log ?? (() => {});
  const now = scenario.now ? new Date(scenario.now) : new Date();
  const runtime = input.runtime ?? (sharedRuntime ??= createRuntime());
  let tenantId = input.tenantId;
  if (!tenantId) {
    log("preparing a sandbox business with demo data");
    tenantId = (await (input.sandbox === "fresh" ? createSandboxBusiness(now) : sharedSandbox(now))).tenantId;
  }
  log("setting up the scenario");
  const contactId = await withTenant({ tenantId }, (db) => applySetup(db, tenantId!, scenario.setup, scenario.caller, now), { timeout: 60_000 });
  const direction = scenario.direction ?? input.spec?.direction ?? "inbound";
  const ctx = { tenantId };
  const transcript: ScenarioResult["transcript"] = [];
  const actions: ScenarioResult["actions"] = [];
  const record = (r: TurnResult) => {
    for (const text of r.say) transcript.push({ role: "agent", text });
    actions.push(...r.actions);
  };
  log("calling");
  let last = await runtime.startCall(ctx, {
    spec: input.spec,
    workflowVersionId: input.spec ? undefined : input.workflowVersionId,
    direction,
    callerPhone: scenario.caller,
    contactId,
    now,
    simulated: true,
    answeredBy: scenario.answeredBy,
  });
  record(last);
  let i = 0;
  for (const utterance of scenario.turns) {
    if (last.ended) break;
    i += 1;
    if (utterance.trim()) transcript.push({ role: "caller", text: utterance });
    last = await runtime.takeTurn(ctx, { callId: last.callId, utterance, silence: utterance.trim() === "", now: new Date(now.getTime() + i * 15_000) });
    record(last);
  }
  const state = await runtime.inspect(ctx, last.callId);
  const base = {
    callId: last.callId,
    outcome: last.outcome,
    transcript,
    actions,
    ended: last.ended,
    state: { slots: state.slots, vars: state.vars, nodeId: last.nodeId, path: last.path },
  };
  const failures = checkExpectations(base, scenario.expect);
  return { ...base, passed: failures.length === 0, failures };
}
