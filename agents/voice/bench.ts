// `npm run bench:voice` (node --expose-gc): the voice-agent budgets of issue #5, measured inside a
// real LiveKit voice.AgentSession (no room: typed caller turns through session.run) driving
// WorkflowAgent over the real runtime (LangGraph + PostgreSQL checkpointer + CallTurn writes)
// and the shipped templates (receptionist, appointment-reminder) with local understanding.
//
//   latency  added latency of llmNode until its first text chunk, p95 < 15 ms (issue #5);
//            `-- latency both` alternates the shipped live runtime and the sync default
//            runtime pass by pass (before/after at the same load); `-- latency sync` the old path
//   memory   heap/RSS added per concurrent call in one process (1, 10, 25 sessions mid-call)
//   process  one agent job process as @livekit/agents runs it (one child process per job):
//            modules + Silero VAD (prewarm) + one session mid-call (AGENT_JOB_MODE=process)
//   shared   one agent process running 1, 10, 25 calls side by side through the shipped
//            in-process executor (agents/voice/job-executor.ts, AGENT_JOB_MODE=shared): one
//            prewarmed Silero VAD, a Room, JobContext, VAD stream and session per call
//
// Usage: `npm run bench:voice [-- latency|memory|process|shared|process,shared]` with
// EMBEDDED_PG_PORT / DATA_DIR (or DATABASE_URL). VOICE_BENCH_TURNS (default 600),
// VOICE_BENCH_SESSIONS (default "1,10,25"), VOICE_BENCH_ROUNDS (shared leak check, default 3),
// VOICE_BENCH_HEAPSNAP=<dir> (shared: a heap snapshot after each leak-check round).
// Figures and how to read them: docs/performance.md, "Voice agent".
import { spawn } from "node:child_process";
import * as os from "node:os";
import { ReadableStream } from "node:stream/web";
import { fileURLToPath } from "node:url";
import { initializeLogger, llm, voice, type JobContext, type RunningJobInfo, type VAD } from "@livekit/agents";
import { AudioFrame } from "@livekit/rtc-node";
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
import { createRuntime, liveRuntime, type Runtime } from "../runtime/index";
import { runtimeConversation, type VoiceConversation } from "./conversation";
import { WorkflowAgent } from "./workflow-agent";
import type { SharedSileroVad as SharedVad } from "./shared-vad";

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
    let lastRefusal: unknown = "none: every time clashed";
    // Up to two weeks later: after some passes (the calls book too) the first days are full.
    for (let shift = 0; shift <= 14 * 24 * 60 && !booked; shift += 15) {
      const startsAt = new Date(base + shift * 60_000);
      for (const link of service.staff) {
        const clash = await db.appointment.findFirst({
          where: { tenantId, staffId: link.staff.id, status: { notIn: ["cancelled"] }, blockedStart: { lt: new Date(startsAt.getTime() + duration + 900_000) }, blockedEnd: { gt: new Date(startsAt.getTime() - 900_000) } },
          select: { id: true },
        });
        if (clash) continue;
        // A savepoint: a refused booking (the no-double-booking constraint counts the service's
        // buffers, wider than the check above) must not abort the whole setup transaction.
        await db.$executeRaw`SAVEPOINT bench_book`;
        const ok = await book(ctx, { serviceId: service.id, staffId: link.staff.id, startsAt, contactId, allowOutsideHours: true, source: "manual" }).then(
          () => true,
          (err: unknown) => ((lastRefusal = err), false),
        );
        await db.$executeRawUnsafe(ok ? "RELEASE SAVEPOINT bench_book" : "ROLLBACK TO SAVEPOINT bench_book");
        if (!ok) continue;
        booked = true;
        break;
      }
    }
    if (!booked) throw new Error(`no free time for ${s.name} (pass ${pass}; last refusal: ${lastRefusal instanceof Error ? lastRefusal.message : String(lastRefusal)})`);
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
  /** Live runtime: from the reply to the turn's writes having landed. */
  writeBehindMs: number[];
}
const newTimings = (): Timings => ({ takeTurnMs: [], firstChunkMs: [], startMs: [], breakdown: [], writeBehindMs: [] });
/** The runtime the latency bench's calls run on (undefined: the shipped one, liveRuntime()). */
let latencyRuntime: Runtime | undefined;

interface Call {
  session: voice.AgentSession;
  agent: ProbedAgent;
  /** The call's id once started. */
  callId: () => string | null;
}

/** A session with the shipped agent over the real runtime, started (greeting spoken). */
async function startCall(tenantId: string, s: Scenario, pass: number, timings?: Timings, vad?: VAD): Promise<Call> {
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
    runtime: latencyRuntime,
  });
  const rt = latencyRuntime ?? liveRuntime();
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
      if (rt.live && timings) {
        const t1 = performance.now();
        void rt.settle(r.callId).then(() => timings.writeBehindMs.push(performance.now() - t1), () => undefined);
      }
      return r;
    },
    reportError: (err) => console.error("turn failed:", err),
    // The session's end (WorkflowAgent.onExit) frees the call in the runtime, as in the worker.
    close: () => real.close(),
  };
  let greeted!: () => void;
  const greeting = new Promise<void>((r) => (greeted = r));
  const agent = new ProbedAgent({ conversation, onStarted: () => greeted(), onTurn: (_t, t) => timings?.firstChunkMs.push(t.firstChunkMs) });
  const session = new voice.AgentSession({ llm: new NoLLM(), ...(vad ? { vad } : {}) });
  await session.start({ agent });
  // The caller speaks after the greeting. (WorkflowAgent does not queue a turn that arrives
  // before startCall has finished: conversation.turn throws "The call has not started".)
  await greeting;
  return { session, agent, callId: () => real.callId };
}

// ---- 1. latency ------------------------------------------------------------------------------

async function latency(tenantId: string, scenarios: Scenario[], which: string = process.argv[3] ?? "live") {
  // live: the shipped path (agents/voice/conversation.ts -> liveRuntime(): reply first, writes
  // right after, checkpoint in memory). sync: the default runtime (checkpoint read and written in
  // PostgreSQL and the turn rows stored before the reply), as the agent ran before.
  // both: the two alternate pass by pass in this process (same data, same moment, same load).
  const modes = (which === "both" ? ["sync", "live"] : [which]) as ("live" | "sync")[];
  for (const m of modes) if (m !== "live" && m !== "sync") throw new Error(`latency mode: live, sync or both (got ${m})`);
  const runtimes = { live: liveRuntime(), sync: createRuntime() };
  const per = new Map(modes.map((m) => [m, { timings: newTimings(), yardstick: [] as number[], outcomes: new Map<string, number>(), firstRead: [] as number[], turns: 0, calls: 0, wall: 0 }]));
  const onePass = async (mode: "live" | "sync", pass: number, timings: Timings, r?: NonNullable<ReturnType<typeof per.get>>) => {
    latencyRuntime = runtimes[mode];
    for (const s of scenarios) {
      const c = await startCall(tenantId, s, pass, timings);
      // The greeting is spoken before the caller's first words: its writes have landed by then.
      if (c.callId()) await runtimes[mode].settle(c.callId()!).catch((err) => console.error("writes failed:", err));
      for (const u of s.turns) {
        if (c.agent.hasEnded) break;
        await c.session.run({ userInput: u }).wait();
        // A caller answers after the reply has been spoken (a second or more): by then the
        // reply's writes have landed. Wait for them here instead, outside the measured turns.
        if (c.callId()) await runtimes[mode].settle(c.callId()!).catch((err) => console.error("writes failed:", err));
        if (!r) continue;
        r.turns++;
        // Yardstick between turns: an empty tenant transaction (BEGIN, set_config, COMMIT).
        const y0 = performance.now();
        await withTenant({ tenantId }, async () => {});
        r.yardstick.push(performance.now() - y0);
      }
      if (r) {
        const key = `${s.template}: ${c.agent.hasEnded ? "ended" : "open"}`;
        r.outcomes.set(key, (r.outcomes.get(key) ?? 0) + 1);
        r.firstRead = r.firstRead.concat(c.agent.firstReadMs);
        r.calls++;
      }
      await c.session.close();
    }
    latencyRuntime = undefined;
  };
  let pass = 0;
  // Warm-up: one pass of every scenario per mode (graph compile per template, plans, JIT), not counted.
  for (const m of modes) await onePass(m, pass++, newTimings());
  while ([...per.values()].some((r) => r.turns < TURNS)) {
    for (const m of modes) {
      const r = per.get(m)!;
      if (r.turns >= TURNS) continue;
      const t0 = performance.now();
      await onePass(m, pass++, r.timings, r);
      r.wall += performance.now() - t0;
    }
  }
  for (const m of modes) {
    const { timings, yardstick, outcomes, firstRead, turns, calls, wall } = per.get(m)!;
    console.log(`\n## latency, ${m === "live" ? "live runtime (shipped: reply first, checkpoint in memory)" : "default runtime (sync: checkpoint and rows in PostgreSQL before the reply)"}: ${turns} caller turns in ${calls} calls (${scenarios.length} template scenarios per pass${modes.length > 1 ? ", passes alternating with the other mode" : ""}), ${(wall / 1000).toFixed(1)} s`);
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
    if (m === "live") row("writes stored (checkpoint, rows) after the reply: reply -> settled", timings.writeBehindMs);
    row("yardstick: empty tenant transaction (between turns)", yardstick);
    const b = timings.breakdown;
    row("  part: checkpoint read (PostgreSQL getTuple)", b.map((x) => x[1]));
    row("  part: checkpoint write (PostgreSQL put + putWrites)", b.map((x) => x[2]));
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
    const noAction = stats(b.filter((x) => x[4] === 0).map((x) => x[0]));
    console.log(`budget p95 < 15 ms (${m}): all turns ${chunk.p95 < 15 ? "ok" : "OVER BUDGET"} (p95 ${f(chunk.p95)}); turns without actions ${noAction.p95 < 15 ? "ok" : "OVER BUDGET"} (p95 ${f(noAction.p95)}) (load average ${loadavg()})`);
  }
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

// ---- 4. shared: many calls in ONE agent process, through the shipped executor ----------------

async function sharedCost() {
  // A fresh child process, so that the baseline is an idle agent process (modules + prewarm),
  // as `npm run agent` runs it in AGENT_JOB_MODE=shared.
  const child = spawn(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), "shared-child"], {
    env: process.env,
    stdio: ["ignore", "pipe", "inherit"],
  });
  let out = "";
  child.stdout.on("data", (d) => (out += d));
  const code = await new Promise((r) => child.on("exit", (c, sig) => r(c ?? sig)));
  if (code !== 0) console.error(`shared-child exited with ${code}`);
  console.log(`\n## one agent process running calls side by side (AGENT_JOB_MODE=shared, agents/voice/job-executor.ts)`);
  console.log(out.trim());
}

/** 20 ms of 16 kHz mono: quiet noise, or a 220 Hz tone (something for the VAD to look at). */
function audioFrame(i: number) {
  const pcm = new Int16Array(320);
  for (let k = 0; k < 320; k++) pcm[k] = Math.round(i % 50 < 25 ? 3000 * Math.sin((2 * Math.PI * 220 * (i * 320 + k)) / 16_000) : (Math.random() - 0.5) * 200);
  return new AudioFrame(pcm, 16_000, 1, 320);
}

/** Feeds `seconds` of caller audio through a VAD stream and waits until the VAD has read it all. */
async function feedVad(stream: ReturnType<VAD["stream"]>, seconds: number) {
  const frames = Math.round(seconds * 50);
  // Silero reads 512-sample windows at 16 kHz; the last partial window (and one more) stay buffered.
  const windows = Math.floor((frames * 320) / 512) - 2;
  const it = stream[Symbol.asyncIterator]();
  for (let i = 0; i < frames; i++) stream.pushFrame(audioFrame(i));
  let done = 0;
  while (done < windows) {
    const ev = await it.next();
    if (ev.done) break;
    if (ev.value.type === 1 /* INFERENCE_DONE */) done++;
  }
  return done;
}

async function sharedChild() {
  const { SharedJobPool } = await import("./job-executor");
  const { SharedSileroVad } = await import("./shared-vad");
  const tenantId = process.env.VOICE_BENCH_TENANT!;
  const mid = (await loadScenarios()).filter((s) => s.turns.length >= 2);
  const rows: [string, NodeJS.MemoryUsage][] = [];
  rows.push(["node + bench modules (agents, runtime, prisma, langgraph)", await settle()]);

  // The bench agent: the worker's shape (prewarm loads Silero; per call a session over the
  // shared VAD), driven by typed caller turns as in `memory` because no room server runs here.
  const reached = new Map<string, () => void>();
  const failed: unknown[] = [];
  let pass = 300;
  const pool = new SharedJobPool({
    maxJobs: 1_000,
    closeTimeout: 60_000,
    sessionEndTimeout: 60_000,
    agent: {
      prewarm: async (proc) => {
        proc.userData.vad = await SharedSileroVad.load(); // as agents/worker.ts
      },
      entry: async (ctx: JobContext) => {
        try {
          const { i } = JSON.parse(ctx.job.metadata) as { i: number };
          const vad = (ctx.proc.userData.vad as SharedVad).forCall();
          // The call's own VAD stream over the shared model, fed one second of caller audio.
          const stream = vad.stream();
          await feedVad(stream, 1);
          const s = mid[i % mid.length]!;
          const c = await startCall(tenantId, s, pass++, undefined, vad);
          await c.session.run({ userInput: s.turns[0]! }).wait();
          ctx.addShutdownCallback(async () => {
            stream.close();
            await c.session.close();
          });
        } catch (err) {
          failed.push(err);
          throw err;
        } finally {
          reached.get(ctx.job.id)?.();
        }
      },
    },
  });
  await pool.ready();
  rows.push(["+ Silero VAD loaded once (prewarm), executor ready", await settle()]);

  // Warm-up: compile the templates' graphs, open the pools (as the memory bench does).
  let seq = 0;
  const info = (i: number): RunningJobInfo => {
    const id = `AJ_bench_${++seq}`;
    return {
      acceptArguments: { name: "", identity: `agent-${id}`, metadata: "" },
      job: { id, room: { name: `bench-${seq}`, sid: `RM_bench_${seq}` }, metadata: JSON.stringify({ i }), agentName: "switchboard", attributes: {} } as never,
      url: "ws://127.0.0.1:1",
      token: "",
      workerId: "bench",
    };
  };
  async function run(n: number, from = 0) {
    const jobs = [];
    for (let i = from; i < from + n; i++) {
      const job = info(i);
      const midCall = new Promise<void>((r) => reached.set(job.job.id, r));
      jobs.push(await pool.launchJob(job));
      await midCall; // one call set up at a time (as calls arrive), all stay open
      reached.delete(job.job.id);
    }
    return jobs;
  }
  await Promise.all((await run(4)).map((j) => j.close()));
  const base = await settle();
  rows.push(["+ warm-up (4 calls run and ended: graphs compiled, pools open) = baseline", base]);

  console.log("| stage | heap used (MB) | RSS (MB) |");
  console.log("| --- | --- | --- |");
  for (const [label, m] of rows) console.log(`| ${label} | ${mb(m.heapUsed)} | ${mb(m.rss)} |`);

  // Calls are added and kept open (1, then up to 10, then up to 25), so each row's RSS is the
  // process holding that many calls; freed memory of an earlier row is not reused by a later one.
  console.log(`\nconcurrent calls in one process, each mid-call (own Room + JobContext, VAD stream fed 1 s, session with greeting + 1 caller turn answered), after forced GC:`);
  console.log("| calls open | still running | process RSS (MB) | heap added (MB) | RSS added (MB) | heap per call (MB) | RSS per call (MB) | RSS per added call since previous row (MB) |");
  console.log("| --- | --- | --- | --- | --- | --- | --- | --- |");
  const open: Awaited<ReturnType<typeof run>> = [];
  let prev = base;
  for (const n of [...SESSION_COUNTS].sort((a, b) => a - b)) {
    const added = n - open.length;
    open.push(...(await run(added, open.length)));
    const m = await settle();
    const running = open.filter((j) => !j.finished).length;
    const heap = m.heapUsed - base.heapUsed;
    const rss = m.rss - base.rss;
    console.log(`| ${n} | ${running} | ${mb(m.rss)} | ${mb(heap)} | ${mb(rss)} | ${mb(heap / n)} | ${mb(rss / n)} | ${mb((m.rss - prev.rss) / Math.max(1, added))} |`);
    prev = m;
  }
  await Promise.all(open.map((j) => j.close()));
  const opened = open.length;
  open.length = 0; // the bench lets go of its calls, as the pool does
  const closed = await settle();
  console.log(`\nall ${opened} calls ended: heap ${mb(closed.heapUsed)} MB, RSS ${mb(closed.rss)} MB; prewarm ran ${pool.prewarmCount} time(s); failed calls: ${failed.length}`);
  if (failed.length) console.log(`first failure: ${String(failed[0])}`);

  // A long-lived process must give a call's memory back when the call ends.
  const rounds = Number(process.env.VOICE_BENCH_ROUNDS ?? 3);
  const biggest = Math.max(...SESSION_COUNTS);
  console.log(`\nleak check: ${rounds} more rounds of ${biggest} calls opened and ended, after forced GC:`);
  console.log("| after round | heap used (MB) | RSS (MB) |");
  console.log("| --- | --- | --- |");
  for (let r = 1; r <= rounds; r++) {
    await Promise.all((await run(biggest, r * 1000)).map((j) => j.close()));
    const m = await settle();
    console.log(`| ${r} | ${mb(m.heapUsed)} | ${mb(m.rss)} |`);
    if (process.env.VOICE_BENCH_HEAPSNAP) (await import("node:v8")).writeHeapSnapshot(`${process.env.VOICE_BENCH_HEAPSNAP}/round-${r}.heapsnapshot`);
  }

  // CPU: the VAD is the per-call work that runs all call long (every 32 ms of caller audio).
  const stream = (pool.proc.userData.vad as SharedVad).forCall().stream();
  await feedVad(stream, 1);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const windows = await feedVad(stream, 20);
  const cpu = process.cpuUsage(cpu0);
  const wall = performance.now() - t0;
  stream.close();
  const cpuMsPerAudioSecond = (cpu.user + cpu.system) / 1000 / 20;
  console.log(
    `VAD CPU: ${windows} windows (20 s of caller audio) in ${wall.toFixed(0)} ms wall, ${cpuMsPerAudioSecond.toFixed(1)} ms CPU per second of caller audio (${((cpuMsPerAudioSecond / 1000) * 100).toFixed(1)}% of a core per call), load ${loadavg()}`,
  );
  await pool.close();
}

function loadavg() {
  return os.loadavg().map((x) => x.toFixed(1)).join(" ");
}

async function main() {
  initializeLogger({ pretty: false, level: "silent" });
  const mode = process.argv[2] ?? "all";
  const modes = mode.split(",");
  if (mode === "process-child" || mode === "shared-child") {
    await (mode === "process-child" ? processChild() : sharedChild());
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
    const run = (m: string) => mode === "all" || modes.includes(m);
    if (run("latency")) await latency(tenantId, scenarios);
    if (run("memory")) await memory(tenantId, scenarios);
    if (run("process")) await processCost();
    if (run("shared")) await sharedCost();
  } finally {
    await disconnectDb();
    await db.stop();
  }
  process.exit(0);
}

await main();
