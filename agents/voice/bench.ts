// `npm run bench:voice` (node --expose-gc): the voice-agent budgets of issue #5, measured inside a
// real LiveKit voice.AgentSession (no room: typed caller turns through session.run) driving
// WorkflowAgent over the real runtime (LangGraph + PostgreSQL checkpointer + CallTurn writes)
// and the shipped templates (receptionist, appointment-reminder) with local understanding.
//
//   latency  added latency of llmNode until its first text chunk, p95 < 15 ms (issue #5)
//   memory   heap/RSS added per concurrent call in one process (1, 10, 25 sessions mid-call)
//   process  one agent job process as @livekit/agents runs it (one child process per job):
//            modules + Silero VAD (prewarm) + one session mid-call
//
// Usage: `npm run bench:voice [-- latency|memory|process] ` with EMBEDDED_PG_PORT / DATA_DIR (or
// DATABASE_URL). VOICE_BENCH_TURNS (default 600), VOICE_BENCH_SESSIONS (default "1,10,25").
// Figures and how to read them: docs/performance.md, "Voice agent".
import { spawn } from "node:child_process";
import * as os from "node:os";
import { ReadableStream } from "node:stream/web";
import { fileURLToPath } from "node:url";
import { initializeLogger, llm, voice } from "@livekit/agents";
import pg from "pg";
import { bootDatabase, migrate } from "../../server/boot";
import { db as prisma, disconnectDb, withTenant, type Tx } from "../../server/db";
import { createContact } from "../../server/contacts/contacts";
import { book } from "../../server/scheduling/appointments";
import { createInvoice } from "../../server/invoices/invoices";
import { businessToday } from "../../server/invoices/dates";
import { createProject } from "../../server/projects/projects";
import { createArticle } from "../../server/knowledge/articles";
import { createSandboxBusiness, parseDuration } from "../sim/run-scenario";
import { getTemplate, listTemplates } from "../templates/index";
import { localUnderstanding } from "../nlu/local";
import { checkpointer } from "../runtime/checkpointer";
import { runtimeConversation, type VoiceConversation } from "./conversation";
import { WorkflowAgent } from "./workflow-agent";

const TURNS = Number(process.env.VOICE_BENCH_TURNS ?? 600);
const SESSION_COUNTS = (process.env.VOICE_BENCH_SESSIONS ?? "1,10,25").split(",").map(Number);
const TEMPLATES = ["receptionist", "appointment-reminder"] as const;

/** The session wants an LLM object; replies come from WorkflowAgent.llmNode (as in agents/worker.ts). */
class NoLLM extends llm.LLM {
  label() {
    return "bench.none";
  }
  chat(): llm.LLMStream {
    throw new Error("not used: the workflow answers in llmNode");
  }
}

/**
 * WorkflowAgent as shipped, plus a probe around llmNode: the time from the framework calling
 * llmNode to the framework reading the first text chunk out of the returned stream.
 */
class ProbedAgent extends WorkflowAgent {
  readonly firstReadMs: number[] = [];
  async llmNode(chatCtx: llm.ChatContext, ...rest: unknown[]): Promise<ReadableStream<string>> {
    const calledAt = performance.now();
    const inner = await (super.llmNode as (c: llm.ChatContext, ...r: unknown[]) => Promise<ReadableStream<string>>)(chatCtx, ...rest);
    const reader = inner.getReader();
    let first = true;
    const out = this.firstReadMs;
    return new ReadableStream<string>({
      async pull(controller) {
        const { value, done } = await reader.read();
        if (done) return controller.close();
        if (first) {
          first = false;
          out.push(performance.now() - calledAt);
        }
        controller.enqueue(value);
      },
      cancel: (reason) => reader.cancel(reason),
    });
  }
}

// ---- scenarios: the templates' own scripted calls, with fresh phone numbers each pass -----------

interface Scenario {
  template: (typeof TEMPLATES)[number];
  name: string;
  caller?: string;
  direction?: "inbound" | "outbound";
  answeredBy?: "human" | "voicemail";
  setup: {
    contact?: { firstName?: string; lastName?: string; phone?: string; email?: string };
    appointments?: { startsIn: string; service?: string }[];
    invoices?: { number: string; amountDue: string; currency: string; dueDaysAgo: number; paymentUrl?: string }[];
    projects?: { name: string; status?: string; update?: string }[];
    knowledge?: { title: string; body: string }[];
  };
  turns: string[];
}

async function loadScenarios(): Promise<Scenario[]> {
  const out: Scenario[] = [];
  const { readFile } = await import("node:fs/promises");
  for (const template of TEMPLATES) {
    const file = new URL(`../templates/${template}/scenarios.json`, import.meta.url);
    const raw = JSON.parse(await readFile(file, "utf8")) as Scenario[] | { scenarios: Scenario[] };
    for (const s of Array.isArray(raw) ? raw : raw.scenarios) if (s.turns.length) out.push({ ...s, template, setup: s.setup ?? {} });
  }
  return out;
}

let phoneSeq = Math.floor(Math.random() * 5_000_000);
const nextPhone = () => `+1312${String(2_000_000 + (phoneSeq++ % 7_000_000)).padStart(7, "0")}`;

/** The scenario's setup (contact, appointments, invoices, projects, knowledge), as the simulator does it. */
async function applySetup(db: Tx, tenantId: string, s: Scenario, phone: string, pass: number, now: Date): Promise<string | undefined> {
  const ctx = { db, tenantId, actorId: null, now: () => now };
  const setup = s.setup;
  let contactId: string | undefined;
  if (setup.contact || setup.appointments?.length || setup.invoices?.length || setup.projects?.length) {
    const c = await createContact(ctx, {
      givenName: setup.contact?.firstName ?? "Sam",
      familyName: setup.contact?.lastName ?? "Caller",
      email: setup.contact?.email ? `b${pass}.${phone.slice(-7)}.${setup.contact.email}` : null,
      company: "",
      phone,
      tags: [],
    } as never);
    contactId = c.id;
  }
  for (const a of setup.appointments ?? []) {
    const services = await db.service.findMany({ where: { tenantId, active: true }, include: { staff: { include: { staff: true } } }, orderBy: { name: "asc" } });
    const withStaff = services.filter((x) => x.staff.length);
    const service = withStaff.find((x) => a.service && x.name.toLowerCase().includes(a.service.toLowerCase())) ?? withStaff[0]!;
    const duration = service.durationMinutes * 60_000;
    // Spread passes over the week so that repeated passes find free time.
    const base = Math.round((now.getTime() + parseDuration(a.startsIn) + (pass % 97) * 7 * 3_600_000) / 60_000) * 60_000;
    let booked = false;
    for (let shift = 0; shift <= 48 * 60 && !booked; shift += 15) {
      const startsAt = new Date(base + shift * 60_000);
      for (const link of service.staff) {
        const clash = await db.appointment.findFirst({
          where: { tenantId, staffId: link.staff.id, status: { notIn: ["cancelled"] }, blockedStart: { lt: new Date(startsAt.getTime() + duration + 900_000) }, blockedEnd: { gt: new Date(startsAt.getTime() - 900_000) } },
          select: { id: true },
        });
        if (clash) continue;
        const ok = await book(ctx, { serviceId: service.id, staffId: link.staff.id, startsAt, contactId, allowOutsideHours: true, source: "manual" }).then(
          () => true,
          () => false,
        );
        if (!ok) continue;
        booked = true;
        break;
      }
    }
    if (!booked) throw new Error(`no free time for ${s.name}`);
  }
  const tenant = await db.tenant.findUniqueOrThrow({ where: { id: tenantId }, select: { timezone: true } });
  const today = businessToday(tenant.timezone, now);
  const shiftDay = (iso: string, days: number) => new Date(Date.parse(`${iso}T12:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
  for (const inv of setup.invoices ?? []) {
    const dueDate = shiftDay(today, -inv.dueDaysAgo);
    await createInvoice(ctx, { number: `${inv.number}-b${pass}-${phone.slice(-4)}`, contactId: contactId!, currency: inv.currency, total: inv.amountDue, issueDate: shiftDay(dueDate, -30), dueDate, paymentUrl: inv.paymentUrl });
  }
  for (const p of setup.projects ?? []) await createProject(ctx, { name: p.name, contactId, status: "in_progress", updateSummary: p.update ?? "" });
  if (pass === 0) for (const k of setup.knowledge ?? []) await createArticle(ctx, { title: k.title, body: k.body });
  return contactId;
}

// ---- where a turn's time goes (probes wrapped around shared instances; runtime code unchanged) ----

/** Milliseconds spent in each probed part during the current turn (turns run one at a time). */
const parts = { checkpointRead: 0, checkpointWrite: 0, understanding: 0, queries: 0, tenantTx: 0 };
function resetParts() {
  parts.checkpointRead = parts.checkpointWrite = parts.understanding = parts.queries = parts.tenantTx = 0;
}
// Every SQL round trip (Prisma's adapter and the checkpointer both go through pg.Client#query).
const clientQuery = pg.Client.prototype.query;
pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
  parts.queries++;
  return (clientQuery as (...a: unknown[]) => unknown).apply(this, args);
} as typeof clientQuery;
function probe<T extends object>(target: T, method: keyof T & string, part: keyof typeof parts) {
  const original = (target[method] as (...a: unknown[]) => Promise<unknown>).bind(target);
  (target as Record<string, unknown>)[method] = async (...args: unknown[]) => {
    const t0 = performance.now();
    try {
      return await original(...args);
    } finally {
      parts[part] += performance.now() - t0;
    }
  };
}
async function installProbes() {
  const saver = await checkpointer(); // the process-wide instance the runtime uses
  probe(saver, "getTuple", "checkpointRead");
  probe(saver, "put", "checkpointWrite");
  probe(saver, "putWrites", "checkpointWrite");
  probe(localUnderstanding, "extractSlot", "understanding");
  probe(localUnderstanding, "classifyIntent", "understanding");
  // withTenant = db().$transaction: in a turn, the CallTurn/CallAction writes (+ actions' own).
  probe(prisma(), "$transaction", "tenantTx");
}

// ---- helpers ---------------------------------------------------------------------------------

function stats(samples: number[]) {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))]!;
  return { n: s.length, median: at(0.5), p95: at(0.95), p99: at(0.99), max: s.at(-1)! };
}
const f = (n: number) => n.toFixed(2);
const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);

function gc() {
  const g = (globalThis as { gc?: () => void }).gc;
  if (!g) throw new Error("run with node --expose-gc (npm run bench:voice does)");
  for (let i = 0; i < 4; i++) g();
}
async function settle() {
  await new Promise((r) => setTimeout(r, 200));
  gc();
  await new Promise((r) => setTimeout(r, 50));
  gc();
  return process.memoryUsage();
}

interface Timings {
  takeTurnMs: number[];
  firstChunkMs: number[];
  startMs: number[];
  /** Per turn: [takeTurn, checkpoint read, checkpoint write, understanding, actions run, SQL round trips, CPU ms, tenant transactions]. */
  breakdown: [number, number, number, number, number, number, number, number][];
}
const newTimings = (): Timings => ({ takeTurnMs: [], firstChunkMs: [], startMs: [], breakdown: [] });

interface Call {
  session: voice.AgentSession;
  agent: ProbedAgent;
}

/** A session with the shipped agent over the real runtime, started (greeting spoken). */
async function startCall(tenantId: string, s: Scenario, pass: number, timings?: Timings): Promise<Call> {
  const now = new Date();
  const phone = nextPhone();
  const contactId = await withTenant({ tenantId }, (db) => applySetup(db, tenantId, s, phone, pass, now), { timeout: 60_000 });
  const spec = getTemplate(s.template)!.spec;
  const direction = s.direction ?? spec.direction ?? "inbound";
  const real = runtimeConversation({
    tenantId,
    workflowVersionId: null,
    spec,
    direction: direction === "outbound" ? "outbound" : "inbound",
    callerPhone: phone,
    contactId: direction === "outbound" ? contactId : undefined,
    answeredBy: s.answeredBy ?? "human",
  });
  // The same conversation, with the runtime's own time per turn recorded beside the agent's.
  const conversation: VoiceConversation = {
    async start() {
      const t0 = performance.now();
      try {
        const r = await real.start();
        timings?.startMs.push(performance.now() - t0);
        return r;
      } catch (err) {
        console.error("start failed:", err);
        throw err;
      }
    },
    async turn(utterance) {
      resetParts();
      const cpu0 = process.cpuUsage();
      const t0 = performance.now();
      const r = await real.turn(utterance);
      const ms = performance.now() - t0;
      const cpu = process.cpuUsage(cpu0);
      timings?.takeTurnMs.push(ms);
      timings?.breakdown.push([ms, parts.checkpointRead, parts.checkpointWrite, parts.understanding, r.actions.length, parts.queries, (cpu.user + cpu.system) / 1000, parts.tenantTx]);
      return r;
    },
    reportError: (err) => console.error("turn failed:", err),
  };
  let greeted!: () => void;
  const greeting = new Promise<void>((r) => (greeted = r));
  const agent = new ProbedAgent({ conversation, onStarted: () => greeted(), onTurn: (_t, t) => timings?.firstChunkMs.push(t.firstChunkMs) });
  const session = new voice.AgentSession({ llm: new NoLLM() });
  await session.start({ agent });
  // The caller speaks after the greeting. (WorkflowAgent does not queue a turn that arrives
  // before startCall has finished: conversation.turn throws "The call has not started".)
  await greeting;
  return { session, agent };
}

// ---- 1. latency ------------------------------------------------------------------------------

async function latency(tenantId: string, scenarios: Scenario[]) {
  const timings = newTimings();
  const yardstick: number[] = [];
  const outcomes = new Map<string, number>();
  let firstRead: number[] = [];
  let turns = 0;
  let calls = 0;
  let pass = 0;
  // Warm-up: one pass of every scenario (graph compile per template, plans, JIT), not counted.
  const warm = newTimings();
  for (const s of scenarios) {
    const c = await startCall(tenantId, s, pass, warm);
    for (const u of s.turns) if (!c.agent.hasEnded) await c.session.run({ userInput: u }).wait();
    await c.session.close();
  }
  pass++;
  const t0 = performance.now();
  while (turns < TURNS) {
    for (const s of scenarios) {
      const c = await startCall(tenantId, s, pass, timings);
      let ended: string | null = null;
      for (const u of s.turns) {
        if (c.agent.hasEnded) break;
        await c.session.run({ userInput: u }).wait();
        turns++;
        // Yardstick between turns: an empty tenant transaction (BEGIN, set_config, COMMIT).
        const y0 = performance.now();
        await withTenant({ tenantId }, async () => {});
        yardstick.push(performance.now() - y0);
      }
      ended = c.agent.hasEnded ? "ended" : "open";
      const key = `${s.template}: ${ended}`;
      outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
      firstRead = firstRead.concat(c.agent.firstReadMs);
      await c.session.close();
      calls++;
    }
    pass++;
  }
  const wall = performance.now() - t0;
  console.log(`\n## latency: ${turns} caller turns in ${calls} calls (${pass - 1} passes over ${scenarios.length} template scenarios), ${(wall / 1000).toFixed(1)} s`);
  console.log(`calls: ${[...outcomes].map(([k, v]) => `${k} ${v}`).join(", ")}`);
  console.log("| measure (ms) | n | median | p95 | p99 | max |");
  console.log("| --- | --- | --- | --- | --- | --- |");
  const row = (label: string, xs: number[]) => {
    const r = stats(xs);
    console.log(`| ${label} | ${r.n} | ${f(r.median)} | ${f(r.p95)} | ${f(r.p99)} | ${f(r.max)} |`);
    return r;
  };
  const chunk = row("llmNode called -> first chunk enqueued (onTurn firstChunkMs)", timings.firstChunkMs);
  row("llmNode called -> first chunk read by the session", firstRead);
  row("runtime takeTurn alone", timings.takeTurnMs);
  row("call start (startCall: load context, open Call, greeting)", timings.startMs);
  const overhead = timings.firstChunkMs.map((x, i) => x - (timings.takeTurnMs[i] ?? x));
  row("llmNode overhead beyond takeTurn (per turn)", overhead);
  row("yardstick: empty tenant transaction (between turns)", yardstick);
  const b = timings.breakdown;
  row("  part: checkpoint read (getTuple)", b.map((x) => x[1]));
  row("  part: checkpoint write (put + putWrites)", b.map((x) => x[2]));
  row("  part: understanding (local NLU)", b.map((x) => x[3]));
  row("  part: tenant transactions (CallTurn/CallAction writes; actions' own)", b.map((x) => x[7]));
  row("  part: tenant transaction, turns with no action (= the CallTurn writes)", b.filter((x) => x[4] === 0).map((x) => x[7]));
  row("  part: rest (graph in memory, actions' non-transaction work)", b.map((x) => x[0] - x[1] - x[2] - x[3] - x[7]));
  row("  part: rest, turns with no action (graph in memory)", b.filter((x) => x[4] === 0).map((x) => x[0] - x[1] - x[2] - x[3] - x[7]));
  row("SQL round trips per turn (count)", b.map((x) => x[5]));
  row("SQL round trips per turn without actions (count)", b.filter((x) => x[4] === 0).map((x) => x[5]));
  row("agent-process CPU time per turn (user+sys)", b.map((x) => x[6]));
  row("agent-process CPU time per turn without actions", b.filter((x) => x[4] === 0).map((x) => x[6]));
  row("takeTurn, turns that ran no action", b.filter((x) => x[4] === 0).map((x) => x[0]));
  row("takeTurn, turns that ran actions (find_slots, book, ...)", b.filter((x) => x[4] > 0).map((x) => x[0]));
  console.log(`budget p95 < 15 ms: ${chunk.p95 < 15 ? "ok" : "OVER BUDGET"} (load average ${loadavg()})`);
}

// ---- 2. memory per concurrent call in one process --------------------------------------------

async function memory(tenantId: string, scenarios: Scenario[]) {
  // Mid-conversation: greeting done and one caller turn answered, call still open.
  const mid = scenarios.filter((s) => s.turns.length >= 2);
  // Warm everything once (graphs compiled, modules loaded, pools open) so the baseline has them.
  for (const s of mid.slice(0, 4)) {
    const c = await startCall(tenantId, s, 100);
    await c.session.run({ userInput: s.turns[0]! }).wait();
    await c.session.close();
  }
  console.log(`\n## memory: concurrent sessions, each mid-call (greeting + 1 caller turn), after forced GC`);
  console.log("| sessions | heap used before (MB) | heap added (MB) | RSS added (MB) | heap per call (MB) | RSS per call (MB) |");
  console.log("| --- | --- | --- | --- | --- | --- |");
  let pass = 200;
  for (const n of SESSION_COUNTS) {
    const before = await settle();
    const calls: Call[] = [];
    for (let i = 0; i < n; i++) {
      const s = mid[i % mid.length]!;
      const c = await startCall(tenantId, s, pass++);
      await c.session.run({ userInput: s.turns[0]! }).wait();
      calls.push(c);
    }
    const open = calls.filter((c) => !c.agent.hasEnded).length;
    const after = await settle();
    const heap = after.heapUsed - before.heapUsed;
    const rss = after.rss - before.rss;
    console.log(`| ${n} (${open} still open) | ${mb(before.heapUsed)} | ${mb(heap)} | ${mb(rss)} | ${mb(heap / n)} | ${mb(rss / n)} |`);
    await Promise.all(calls.map((c) => c.session.close()));
  }
  const end = await settle();
  console.log(`process after closing all sessions: heap ${mb(end.heapUsed)} MB, RSS ${mb(end.rss)} MB`);
}

// ---- 3. one job process, as the framework runs a call ----------------------------------------

async function processCost() {
  // @livekit/agents 1.9 runs every job (call) in its own child process from a pool of prewarmed
  // processes (ipc/job_proc_executor); prewarm (Silero VAD) runs once per such process.
  const child = spawn(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), "process-child"], {
    env: process.env,
    stdio: ["ignore", "pipe", "inherit"],
  });
  let out = "";
  child.stdout.on("data", (d) => (out += d));
  await new Promise((r) => child.on("exit", r));
  console.log(`\n## one agent job process (child process, as @livekit/agents runs each call)`);
  console.log(out.trim());
}

async function processChild() {
  const rows: [string, NodeJS.MemoryUsage][] = [];
  rows.push(["node + bench modules (agents, runtime, prisma, langgraph)", await settle()]);
  const silero = await import("@livekit/agents-plugin-silero");
  const vad = await silero.VAD.load();
  rows.push(["+ Silero VAD loaded (prewarm)", await settle()]);
  const tenantId = process.env.VOICE_BENCH_TENANT!;
  const scenarios = await loadScenarios();
  const s = scenarios.find((x) => x.template === "receptionist" && x.turns.length >= 3)!;
  const c = await startCall(tenantId, s, 900);
  await c.session.run({ userInput: s.turns[0]! }).wait();
  rows.push(["+ one session mid-call", await settle()]);
  console.log("| stage | heap used (MB) | RSS (MB) |");
  console.log("| --- | --- | --- |");
  for (const [label, m] of rows) console.log(`| ${label} | ${mb(m.heapUsed)} | ${mb(m.rss)} |`);
  void vad;
  await c.session.close();
}

function loadavg() {
  return os.loadavg().map((x) => x.toFixed(1)).join(" ");
}

async function main() {
  initializeLogger({ pretty: false, level: "silent" });
  const mode = process.argv[2] ?? "all";
  if (mode === "process-child") {
    await processChild();
    await disconnectDb();
    process.exit(0);
  }
  const db = await bootDatabase((m) => console.error(m));
  try {
    await migrate(db.url);
    if (!listTemplates().length) throw new Error("no templates");
    console.error("building a sandbox business with demo data ...");
    const { tenantId } = await createSandboxBusiness();
    process.env.VOICE_BENCH_TENANT = tenantId;
    const scenarios = await loadScenarios();
    await installProbes();
    console.log(`# voice agent bench, ${new Date().toISOString()}, ${os.cpus().length} cpus, node ${process.version}, load ${loadavg()}`);
    if (mode === "all" || mode === "latency") await latency(tenantId, scenarios);
    if (mode === "all" || mode === "memory") await memory(tenantId, scenarios);
    if (mode === "all" || mode === "process") await processCost();
  } finally {
    await disconnectDb();
    await db.stop();
  }
  process.exit(0);
}

await main();
