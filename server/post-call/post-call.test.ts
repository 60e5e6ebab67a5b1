// Post-call work on the real database: local and LLM summaries (a local HTTP server speaking
// OpenAI chat completions), e-mails through the outbox exactly once, urgent leads (e-mail only
// without telephony; an on-call call placed against the local LiveKit Twirp server with it),
// minutes used, and the job queued in the caller's transaction.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { systemDb, withTenant } from "../db";
import { suffix } from "../testing/members";
import { failWith500, startFakeOpenAi, toolCallReply, type FakeOpenAi } from "../testing/fake-openai";
import { CircuitBreaker } from "../system/circuit-breaker";
import { placeCall } from "../telephony/placement";
import { startFakeLivekit, type FakeLivekit } from "../telephony/test-livekit-server";
import { validateSpec } from "../../agents/graphs/validate";
import { installWorkerSchema, jobByKey, runDueJobs } from "../../jobs/testing/worker";
import { enqueuePostCall, postCallJobKey } from "./enqueue";
import { minutesUsed, runPostCall, type PostCallDeps } from "./post-call";
import { lexiconSentiment, localSummary } from "./summary";
import { urgentBriefingSpec } from "./urgent-briefing";
import { listCallHistory } from "../telephony/call-history";

// --- A local OpenAI chat-completions server -------------------------------------------------
let openAi: FakeOpenAi;
let baseUrl: string;
beforeAll(async () => {
  await installWorkerSchema();
  openAi = await startFakeOpenAi();
  baseUrl = openAi.baseUrl;
});
afterAll(() => openAi.close());
afterEach(() => openAi.reset());

// --- Fixtures -----------------------------------------------------------------------------------
const NOW = new Date("2026-12-03T15:00:00Z");
const noTelephony: PostCallDeps["placement"] = {
  isTelephonyConfigured: () => false,
  placeCall: async () => {
    throw new Error("must not place");
  },
};

async function business(settings: Record<string, unknown> = {}) {
  const s = suffix();
  const sys = systemDb();
  const tenant = await sys.tenant.create({ data: { name: `Plumbing ${s}`, slug: `plumb-${s}`, timezone: "America/Chicago", settings: settings as never } });
  const owner = await sys.user.create({ data: { email: `owner-${s}@example.test`, name: "Olive Owner", passwordHash: "x" } });
  await sys.membership.create({ data: { tenantId: tenant.id, userId: owner.id, role: "owner" } });
  const staff = await sys.user.create({ data: { email: `staff-${s}@example.test`, name: "Sam Staff", passwordHash: "x" } });
  await sys.membership.create({ data: { tenantId: tenant.id, userId: staff.id, role: "staff" } });
  return { tenant, owner };
}

async function endedCall(tenantId: string, opts: { simulated?: boolean; urgent?: boolean; durationSec?: number; ended?: boolean; outcome?: string | null } = {}) {
  const sys = systemDb();
  const contact = await sys.contact.create({ data: { tenantId, givenName: "Dana", familyName: "Diaz", phone: "+15551230000", timezone: "America/Chicago" } });
  const call = await sys.call.create({
    data: {
      tenantId,
      direction: "inbound",
      status: opts.ended === false ? "in_progress" : "completed",
      simulated: opts.simulated ?? false,
      contactId: contact.id,
      fromNumber: "+15551230000",
      toNumber: "+15550001111",
      outcome: opts.ended === false ? null : opts.outcome === undefined ? "lead_captured" : opts.outcome,
      startedAt: new Date("2026-12-03T14:50:00Z"),
      answeredAt: new Date("2026-12-03T14:50:00Z"),
      endedAt: opts.ended === false ? null : new Date("2026-12-03T14:52:05Z"),
      durationSec: opts.ended === false ? null : (opts.durationSec ?? 125),
    },
  });
  const lines = [
    ["agent", "Thanks for calling. How can I help?"],
    ["caller", "Hi. My basement pipe burst and there is water everywhere. I need someone today please."],
    ["agent", "I'm sorry to hear that. What's the address?"],
    ["caller", "It's 12 Elm Street. Thank you, that's great."],
    ["agent", "Got it. Someone will call you back shortly."],
  ] as const;
  await sys.callTurn.createMany({ data: lines.map(([role, text], seq) => ({ tenantId, callId: call.id, seq, role, text, data: seq === 1 ? { intent: "emergency_repair" } : {} })) });
  await sys.callAction.createMany({
    data: [
      { tenantId, callId: call.id, seq: 0, type: "lookup_caller", ok: true, input: {}, result: {} },
      { tenantId, callId: call.id, seq: 1, type: "create_lead", ok: true, input: {}, result: { priority: opts.urgent ? "urgent" : "normal" } },
    ],
  });
  const lead = await sys.lead.create({
    data: { tenantId, callId: call.id, contactId: contact.id, priority: opts.urgent ? "urgent" : "normal", answers: { issue: "burst pipe" }, score: 80 },
  });
  return { call, contact, lead };
}

const outbox = (tenantId: string) => systemDb().emailOutbox.findMany({ where: { tenantId }, orderBy: { createdAt: "asc" } });

// --- Tests --------------------------------------------------------------------------------------
describe("local summary and sentiment", () => {
  it("extracts the caller's key sentences, the actions and the outcome", () => {
    const text = localSummary({
      businessName: "B",
      direction: "inbound",
      outcome: "appointment_booked",
      turns: [
        { role: "agent", text: "How can I help?" },
        { role: "caller", text: "Hello. I would like to book a cleaning for Tuesday. Ok." },
      ],
      actions: [
        { type: "find_slots", ok: true },
        { type: "book_appointment", ok: true },
        { type: "notify_staff", ok: false },
      ],
    });
    expect(text).toBe(
      `Inbound call. The caller said: "I would like to book a cleaning for Tuesday." The agent offered appointment times, booked an appointment. Failed: notify staff. Outcome: appointment booked.`,
    );
  });

  it("scores sentiment with a lexicon and handles negation", () => {
    expect(lexiconSentiment(["Thank you so much, that's perfect"]).label).toBe("positive");
    expect(lexiconSentiment(["This is terrible, I'm really frustrated and upset"]).label).toBe("negative");
    expect(lexiconSentiment(["I'm not happy, not good at all"]).label).toBe("negative");
    expect(lexiconSentiment(["Tuesday at 3"]).label).toBe("neutral");
  });
});

describe("runPostCall", () => {
  it("writes a local summary, e-mails the notification address once with the transcript, and is idempotent", async () => {
    const { tenant } = await business({ notificationEmail: "alerts@plumbing.test" });
    const { call } = await endedCall(tenant.id);
    const outcomes: string[] = [];
    const deps: PostCallDeps = { llm: null, now: () => NOW, placement: noTelephony, applyOutcome: async (_c, id) => void outcomes.push(id) };

    const first = await runPostCall({ tenantId: tenant.id, callId: call.id }, deps);
    expect(first.kind).toBe("done");
    const row = await systemDb().call.findUniqueOrThrow({ where: { id: call.id } });
    expect(row.summarySource).toBe("local");
    expect(row.summary).toContain("My basement pipe burst and there is water everywhere.");
    expect(row.summary).toContain("captured a lead");
    expect(row.summary).toContain("Outcome: lead captured.");
    expect(row.sentiment).toBe("positive"); // "Thank you, that's great" outweighs "burst"
    const marker = (row.metadata as any).postCall;
    expect(marker).toMatchObject({ summarySource: "local", minutesThisMonth: 3, doneAt: NOW.toISOString() });
    expect(marker.intents).toEqual(expect.arrayContaining(["emergency_repair", "create_lead"]));
    expect(marker.urgent).toBeUndefined();

    const mails = await outbox(tenant.id);
    expect(mails).toHaveLength(1);
    expect(mails[0]).toMatchObject({ to: "alerts@plumbing.test", kind: "call_summary", subject: "Call summary: Dana Diaz — lead captured" });
    expect(mails[0]!.text).toContain("Caller: It's 12 Elm Street. Thank you, that's great.");
    expect(mails[0]!.text).toContain("Minutes used this month: 3");
    expect(mails[0]!.text).toContain("Summary (automatic extract)");
    expect(outcomes).toEqual([call.id]);

    const again = await runPostCall({ tenantId: tenant.id, callId: call.id }, deps);
    expect(again.kind).toBe("already_done");
    expect(await outbox(tenant.id)).toHaveLength(1);
    expect(outcomes).toEqual([call.id]);
  });

  it("marks a talked-on call that never reached an end node as ended early, once, and says so in the e-mail", async () => {
    const { tenant } = await business({ notificationEmail: "alerts@plumbing.test" });
    // The caller hung up mid-conversation: LiveKit's room_finished set completed, no outcome.
    const { call } = await endedCall(tenant.id, { outcome: null });
    const seen: (string | null)[] = [];
    const deps: PostCallDeps = {
      llm: null,
      now: () => NOW,
      placement: noTelephony,
      // What the campaign outcome processing reads.
      applyOutcome: async (_c, id) => void seen.push((await systemDb().call.findUniqueOrThrow({ where: { id } })).outcome),
    };
    // Just ended: the runtime's own end may still be on its way, so the job waits (is retried).
    const justEnded = { ...deps, now: () => new Date(new Date("2026-12-03T14:52:05Z").getTime() + 5_000) };
    await expect(runPostCall({ tenantId: tenant.id, callId: call.id }, justEnded)).rejects.toThrow(/has not ended/);
    expect((await systemDb().call.findUniqueOrThrow({ where: { id: call.id } })).outcome).toBeNull();
    expect((await runPostCall({ tenantId: tenant.id, callId: call.id }, deps)).kind).toBe("done");
    const row = await systemDb().call.findUniqueOrThrow({ where: { id: call.id } });
    expect(row.outcome).toBe("ended_early");
    expect(seen).toEqual(["ended_early"]);
    expect(row.summary).toContain("Outcome: ended early.");
    expect((await outbox(tenant.id))[0]).toMatchObject({ subject: "Call summary: Dana Diaz — ended early" });
    // The call history finds it by that outcome.
    const history = await withTenant({ tenantId: tenant.id }, (db) => listCallHistory({ db, tenantId: tenant.id }, { outcome: "ended_early" }));
    expect(history.items.map((c) => c.id)).toEqual([call.id]);
    // A call that did reach its end keeps its outcome.
    const finished = await endedCall(tenant.id);
    await runPostCall({ tenantId: tenant.id, callId: finished.call.id }, deps);
    expect((await systemDb().call.findUniqueOrThrow({ where: { id: finished.call.id } })).outcome).toBe("lead_captured");
  });

  it("falls back to the owners' e-mails, skips simulated calls and retries calls that have not ended", async () => {
    const { tenant, owner } = await business();
    const { call } = await endedCall(tenant.id);
    await runPostCall({ tenantId: tenant.id, callId: call.id }, { llm: null, placement: noTelephony, applyOutcome: async () => {} });
    expect((await outbox(tenant.id)).map((m) => m.to)).toEqual([owner.email]);

    const sim = await endedCall(tenant.id, { simulated: true });
    expect(await runPostCall({ tenantId: tenant.id, callId: sim.call.id }, { llm: null, placement: noTelephony })).toEqual({ kind: "skipped", reason: "simulated" });
    const live = await endedCall(tenant.id, { ended: false });
    await expect(runPostCall({ tenantId: tenant.id, callId: live.call.id }, { llm: null, placement: noTelephony })).rejects.toThrow(/has not ended/);
    // An outbound call nobody answered: processed, not e-mailed.
    const unanswered = await systemDb().call.create({
      data: { tenantId: tenant.id, direction: "outbound", status: "no_answer", toNumber: "+15551110000", endedAt: new Date(), durationSec: 0 },
    });
    const mailsBefore = (await outbox(tenant.id)).length;
    const r = await runPostCall({ tenantId: tenant.id, callId: unanswered.id }, { llm: null, placement: noTelephony, applyOutcome: async () => {} });
    expect(r.kind === "done" && r.marker.emailIds).toEqual([]);
    expect(await outbox(tenant.id)).toHaveLength(mailsBefore);
    expect((await systemDb().call.findUniqueOrThrow({ where: { id: unanswered.id } })).summary).toBe("Outbound call. The contact said nothing substantive. Outcome: none.");
    // Another business's call id is not found under this tenant.
    const other = await business();
    expect(await runPostCall({ tenantId: other.tenant.id, callId: call.id }, { llm: null, placement: noTelephony })).toEqual({ kind: "skipped", reason: "not_found" });
  });

  it("uses the LLM (structured output via tool call) when configured", async () => {
    openAi.answer(toolCallReply({ summary: "Dana Diaz has a burst pipe at 12 Elm Street and needs help today.", sentiment: "negative", intents: ["Emergency repair", "callback"] }));
    const { tenant } = await business({ notificationEmail: "alerts@plumbing.test" });
    const { call } = await endedCall(tenant.id);
    await runPostCall(
      { tenantId: tenant.id, callId: call.id },
      { llm: { apiKey: "sk-test", baseUrl, model: "gpt-test" }, breaker: new CircuitBreaker("openai.llm"), placement: noTelephony, applyOutcome: async () => {} },
    );
    expect(openAi.requests).toHaveLength(1);
    const req = openAi.requests[0];
    expect(req.path).toBe("/v1/chat/completions");
    expect(req.auth).toBe("Bearer sk-test");
    expect(req.body.model).toBe("gpt-test");
    expect(req.body.tools[0].function.name).toBe("call_summary");
    expect(Object.keys(req.body.tools[0].function.parameters.properties).sort()).toEqual(["intents", "sentiment", "summary"]);
    expect(req.body.messages[1].content).toContain("Caller: Hi. My basement pipe burst");
    const row = await systemDb().call.findUniqueOrThrow({ where: { id: call.id } });
    expect(row).toMatchObject({ summary: "Dana Diaz has a burst pipe at 12 Elm Street and needs help today.", sentiment: "negative", summarySource: "llm" });
    expect((row.metadata as any).postCall.intents).toEqual(expect.arrayContaining(["emergency_repair", "create_lead", "callback"]));
    expect((await outbox(tenant.id))[0]!.text).toContain("Summary (AI summary)");
  });

  it("falls back to the local summary when the LLM fails, and the breaker opens after repeated failures", async () => {
    openAi.answer(failWith500);
    const breaker = new CircuitBreaker("openai.llm", { failureThreshold: 2 });
    const { tenant } = await business();
    for (let i = 0; i < 3; i++) {
      const { call } = await endedCall(tenant.id);
      await runPostCall({ tenantId: tenant.id, callId: call.id }, { llm: { apiKey: "sk-test", baseUrl }, breaker, placement: noTelephony, applyOutcome: async () => {} });
      const row = await systemDb().call.findUniqueOrThrow({ where: { id: call.id } });
      expect(row.summarySource).toBe("local");
      expect((row.metadata as any).postCall.fallbackReason).toBeTruthy();
    }
    expect(openAi.requests).toHaveLength(2); // third run: breaker open, no request
    expect(breaker.state).toBe("open");
  });

  it("urgent lead without telephony: an urgent e-mail says it is the only alert", async () => {
    const { tenant } = await business({ notificationEmail: "alerts@plumbing.test", onCallNumber: "+15559998888" });
    const { call, lead } = await endedCall(tenant.id, { urgent: true });
    const result = await runPostCall({ tenantId: tenant.id, callId: call.id }, { llm: null, placement: noTelephony, applyOutcome: async () => {} });
    expect(result.kind === "done" && result.urgentPlaced).toBeNull();
    const mails = await outbox(tenant.id);
    expect(mails.map((m) => m.kind)).toEqual(["call_summary", "urgent_lead"]);
    expect(mails[1]).toMatchObject({ subject: "URGENT lead: Dana Diaz", to: "alerts@plumbing.test" });
    expect(mails[1]!.text).toContain("telephony is not configured: this e-mail is the only alert");
    expect(await systemDb().call.count({ where: { tenantId: tenant.id, direction: "outbound" } })).toBe(0);
    expect((await systemDb().call.findUniqueOrThrow({ where: { id: call.id } })).metadata).toMatchObject({ postCall: { urgent: { leadId: lead.id, callId: null } } });
  });

  describe("urgent lead with telephony", () => {
    let lk: FakeLivekit;
    beforeEach(async () => {
      lk = await startFakeLivekit();
    });
    afterEach(async () => {
      await lk.close();
    });

    it("calls the on-call number once with the urgent briefing, even when the job runs again", async () => {
      const { tenant } = await business({ notificationEmail: "alerts@plumbing.test", onCallNumber: "+15559998888" });
      const { call, lead } = await endedCall(tenant.id, { urgent: true });
      const deps: PostCallDeps = {
        llm: null,
        placement: { isTelephonyConfigured: () => true, placeCall: (ctx, input) => placeCall({ ...ctx, clients: lk.clients() }, input) },
        applyOutcome: async () => {},
      };
      const result = await runPostCall({ tenantId: tenant.id, callId: call.id }, deps);
      expect(result.kind === "done" && result.urgentPlaced).toBe(true);

      const urgentCall = await systemDb().call.findFirstOrThrow({ where: { tenantId: tenant.id, direction: "outbound" } });
      expect(urgentCall).toMatchObject({ toNumber: "+15559998888", workflowVersionId: null, placementState: "placed", simulated: false });
      const meta = urgentCall.metadata as any;
      expect(meta).toMatchObject({ purpose: "urgent_briefing", sourceCallId: call.id, leadId: lead.id });
      expect(meta.briefing).toContain("Dana Diaz, phone +15551230000");
      expect(validateSpec(meta.spec).ok).toBe(true);

      const sip = lk.calls("SIP/CreateSIPParticipant");
      expect(sip).toHaveLength(1);
      expect(sip[0]!.body).toMatchObject({ sipCallTo: "+15559998888", roomName: `call-${urgentCall.id}` });
      expect(lk.calls("AgentDispatchService/CreateDispatch")[0]!.body.metadata).toBe(JSON.stringify({ callId: urgentCall.id, tenantId: tenant.id, direction: "outbound" }));
      const mails = await outbox(tenant.id);
      expect(mails.map((m) => m.kind)).toEqual(["call_summary", "urgent_lead"]);
      expect(mails[1]!.text).toContain("The on-call number +15559998888 is being called now.");

      const again = await runPostCall({ tenantId: tenant.id, callId: call.id }, deps);
      expect(again.kind).toBe("already_done");
      expect(lk.calls("SIP/CreateSIPParticipant")).toHaveLength(1);
      expect(await systemDb().call.count({ where: { tenantId: tenant.id, direction: "outbound" } })).toBe(1);
      expect(await outbox(tenant.id)).toHaveLength(2);
    });
  });
});

describe("urgent briefing spec", () => {
  it("is a valid workflow that reads the briefing without rendering template syntax", () => {
    const spec = urgentBriefingSpec("Caller {{contact.name}} has a gas smell.");
    expect(validateSpec(spec).ok).toBe(true);
    expect(JSON.stringify(spec)).not.toContain("{{");
    expect(spec.nodes[0]).toMatchObject({ type: "say", text: "This is your Switchboard assistant with an urgent lead. Caller contact.name has a gas smell." });
  });
});

describe("minutes used", () => {
  it("sums ceil(durationSec/60) of the month's real calls only", async () => {
    const { tenant } = await business();
    const sys = systemDb();
    const base = { tenantId: tenant.id, direction: "inbound" as const, status: "completed" as const };
    await sys.call.createMany({
      data: [
        { ...base, startedAt: new Date("2026-11-10T10:00:00Z"), durationSec: 61 }, // 2
        { ...base, startedAt: new Date("2026-11-30T23:59:59Z"), durationSec: 60 }, // 1
        { ...base, startedAt: new Date("2026-11-12T10:00:00Z"), durationSec: 600, simulated: true }, // not counted
        { ...base, startedAt: new Date("2026-12-01T00:00:00Z"), durationSec: 300 }, // next month
        { ...base, startedAt: new Date("2026-11-15T10:00:00Z"), durationSec: null }, // 0
      ],
    });
    expect(await minutesUsed(sys, tenant.id, new Date("2026-11-20T00:00:00Z"))).toBe(3);
    expect(await minutesUsed(sys, tenant.id, new Date("2026-12-20T00:00:00Z"))).toBe(5);
  });
});

describe("post_call job", () => {
  it("is queued in the caller's transaction (not for simulated calls) and runs through graphile-worker", async () => {
    const { tenant } = await business({ notificationEmail: "alerts@plumbing.test" });
    const { call } = await endedCall(tenant.id);
    const sim = await endedCall(tenant.id, { simulated: true });

    // Rolled back with the transaction: no job.
    await expect(
      withTenant({ tenantId: tenant.id }, async (tx) => {
        expect(await enqueuePostCall(tx, call.id)).toBe(true);
        throw new Error("rollback");
      }),
    ).rejects.toThrow("rollback");
    expect(await jobByKey(postCallJobKey(call.id))).toBeNull();

    await withTenant({ tenantId: tenant.id }, async (tx) => {
      expect(await enqueuePostCall(tx, call.id, { delaySeconds: 0 })).toBe(true);
      expect(await enqueuePostCall(tx, call.id, { delaySeconds: 0 })).toBe(true); // same key: replaced
      expect(await enqueuePostCall(tx, sim.call.id)).toBe(false);
    });
    const job = await jobByKey(postCallJobKey(call.id));
    expect(job).toMatchObject({ task_identifier: "post_call", max_attempts: 5 });
    expect(await jobByKey(postCallJobKey(sim.call.id))).toBeNull();

    const saved = process.env.OPENAI_API_KEY;
    delete process.env.OPENAI_API_KEY;
    try {
      await runDueJobs();
    } finally {
      if (saved !== undefined) process.env.OPENAI_API_KEY = saved;
    }
    expect(await jobByKey(postCallJobKey(call.id))).toBeNull();
    const row = await systemDb().call.findUniqueOrThrow({ where: { id: call.id } });
    expect(row.summarySource).toBe("local");
    expect((await outbox(tenant.id)).filter((m) => m.kind === "call_summary")).toHaveLength(1);
  });
});
