import pg from "pg";
import { describe, expect, it } from "vitest";
import { systemDb } from "../../server/db";
import { createCheckpointer } from "./checkpointer";
import { createRuntime, startCall, takeTurn } from "./index";
import { business, FRONT_DESK, NOW, spec } from "./test-fixtures";

describe("workflow runtime", () => {
  it("runs say, intent, ask, branch, action and end nodes and stores every turn", async () => {
    const biz = await business();
    const ctx = { tenantId: biz.id };
    const first = await startCall(ctx, { spec: FRONT_DESK, direction: "test", callerPhone: "+12125550100", now: NOW });
    expect(first.say).toEqual([`Thanks for calling ${biz.name}.`, "How can I help?"]);
    expect(first).toMatchObject({ waiting: true, ended: false, nodeId: "route" });

    const t1 = await takeTurn(ctx, { callId: first.callId, utterance: "I'd like to leave my name", now: NOW });
    expect(t1.path).toEqual(["route", "askName"]);
    expect(t1.say).toEqual(["What's your name?"]);
    const t2 = await takeTurn(ctx, { callId: first.callId, utterance: "Dana Scully", now: NOW });
    expect(t2.slots.name).toBe("Dana Scully");
    // A transitional phrase leads into the next question.
    expect(t2.say[0]).toMatch(/^(Perfect, thank you\.|Got it\.|Great\.|Thanks\.|Okay, noted\.|Lovely, thank you\.) Thanks Dana Scully\. Are you happy with us\?$/);
    const t3 = await takeTurn(ctx, { callId: first.callId, utterance: "no, not really", now: NOW });
    expect(t3).toMatchObject({ ended: true, waiting: false, outcome: "callback_requested" });
    expect(t3.path).toEqual(["askHappy", "check", "bad", "sorry"]);
    expect(t3.actions).toEqual([expect.objectContaining({ type: "notify_staff", ok: true, notified: 1 })]);

    const call = await systemDb().call.findUniqueOrThrow({ where: { id: first.callId }, include: { turns: { orderBy: { seq: "asc" } }, actions: true } });
    expect(call).toMatchObject({ status: "completed", outcome: "callback_requested", direction: "test", simulated: true });
    expect(call.endedAt).not.toBeNull();
    expect(call.turns.map((t) => [t.seq, t.role, t.nodeId])).toEqual([
      [0, "agent", "hello"],
      [1, "agent", "route"],
      [2, "caller", "route"],
      [3, "agent", "askName"],
      [4, "caller", "askName"],
      [5, "agent", "askHappy"],
      [6, "caller", "askHappy"],
      [7, "agent", "sorry"],
    ]);
    expect(call.turns.filter((t) => t.role === "agent").every((t) => typeof t.latencyMs === "number")).toBe(true);
    expect(call.actions).toEqual([expect.objectContaining({ seq: 0, type: "notify_staff", ok: true, nodeId: "bad" })]);
    const mail = await systemDb().emailOutbox.findMany({ where: { tenantId: biz.id } });
    expect(mail.map((m) => m.subject)).toEqual(["Unhappy caller"]);
    await expect(takeTurn(ctx, { callId: first.callId, utterance: "hello?" })).rejects.toThrow(/ended/);
  });

  it("keeps a call running in a new runtime with a new checkpointer (process restart)", async () => {
    const biz = await business();
    const ctx = { tenantId: biz.id };
    const before = createRuntime();
    const first = await before.startCall(ctx, { spec: FRONT_DESK, direction: "test", now: NOW });
    await before.takeTurn(ctx, { callId: first.callId, utterance: "I want to leave my details", now: NOW });

    // A new process: new pool, new saver, new compiled graph object, nothing cached.
    const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 2 });
    try {
      const after = createRuntime({ checkpointer: await createCheckpointer(pool) });
      const t = await after.takeTurn(ctx, { callId: first.callId, utterance: "Fox Mulder", now: NOW });
      expect(t.slots.name).toBe("Fox Mulder");
      expect(t.nodeId).toBe("askHappy");
      const end = await after.takeTurn(ctx, { callId: first.callId, utterance: "yes, very", now: NOW });
      expect(end).toMatchObject({ ended: true, outcome: "completed" });
      expect(end.say).toHaveLength(1);
      expect(end.say[0]).toMatch(/Wonderful, goodbye!$/);
    } finally {
      await pool.end();
    }
  });

  it("does not let another business touch a call", async () => {
    const a = await business();
    const b = await business();
    const first = await startCall({ tenantId: a.id }, { spec: FRONT_DESK, direction: "test", now: NOW });
    await expect(createRuntime().takeTurn({ tenantId: b.id }, { callId: first.callId, utterance: "hi" })).rejects.toThrow(/not found/);
  });

  it("repeats, reprompts on silence, ignores phantom speech and gives up after maxAttempts", async () => {
    const biz = await business();
    const ctx = { tenantId: biz.id };
    const first = await startCall(ctx, { spec: FRONT_DESK, direction: "test", now: NOW });
    await takeTurn(ctx, { callId: first.callId, utterance: "leave my name", now: NOW });
    const repeat = await takeTurn(ctx, { callId: first.callId, utterance: "Sorry, can you say that again?", now: NOW });
    expect(repeat.say).toEqual(["What's your name?"]);
    expect(repeat.waiting).toBe(true);
    const phantom = await takeTurn(ctx, { callId: first.callId, utterance: "um", now: NOW });
    expect(phantom.say).toEqual([]);
    expect(phantom.waiting).toBe(true);
    const lowConfidence = await takeTurn(ctx, { callId: first.callId, utterance: "yeah", confidence: 0.2, now: NOW });
    expect(lowConfidence.say).toEqual([]);
    const silent = await takeTurn(ctx, { callId: first.callId, utterance: "", silence: true, now: NOW });
    expect(silent.say).toEqual(["Could you tell me your name?"]);
    const again = await takeTurn(ctx, { callId: first.callId, utterance: "what?", now: NOW });
    expect(again.say).toEqual(["Could you tell me your name?"]);
    const gone = await takeTurn(ctx, { callId: first.callId, utterance: "", silence: true, now: NOW });
    expect(gone).toMatchObject({ ended: true, outcome: "no_response", say: ["Let's try another time."] });
  });

  it("opt-out puts the number on do-not-call and ends politely", async () => {
    const biz = await business();
    const contact = await systemDb().contact.create({ data: { tenantId: biz.id, givenName: "Walter", phone: "+12125550111", timezone: "America/New_York" } });
    const ctx = { tenantId: biz.id };
    const first = await startCall(ctx, { spec: FRONT_DESK, direction: "inbound", callerPhone: "+12125550111", now: NOW });
    const out = await takeTurn(ctx, { callId: first.callId, utterance: "Stop calling me, take me off your list", now: NOW });
    expect(out).toMatchObject({ ended: true, outcome: "opted_out" });
    expect(out.say[0]).toMatch(/won't call you again/);
    expect(out.actions).toEqual([expect.objectContaining({ type: "add_to_dnc", ok: true, contactsFlagged: 1 })]);
    expect((await systemDb().contact.findUniqueOrThrow({ where: { id: contact.id } })).doNotCall).toBe(true);
  });

  it("asking for a person transfers when the business has a number, else takes a message", async () => {
    const withNumber = await business({ transferNumber: "+12125550123" });
    const a = await startCall({ tenantId: withNumber.id }, { spec: FRONT_DESK, direction: "inbound", now: NOW });
    const tr = await takeTurn({ tenantId: withNumber.id }, { callId: a.callId, utterance: "can I speak to a real person", now: NOW });
    expect(tr).toMatchObject({ ended: true, outcome: "transferred" });
    expect(tr.actions).toEqual([expect.objectContaining({ type: "transfer", to: "+12125550123", status: "requested" })]);

    const without = await business();
    const ctx = { tenantId: without.id };
    const b = await startCall(ctx, { spec: FRONT_DESK, direction: "inbound", callerPhone: "+12125550177", now: NOW });
    const ask = await takeTurn(ctx, { callId: b.callId, utterance: "I want to talk to a human", now: NOW });
    expect(ask.waiting).toBe(true);
    expect(ask.say[0]).toMatch(/What message/);
    const done = await takeTurn(ctx, { callId: b.callId, utterance: "Please call me back about my bill", now: NOW });
    expect(done).toMatchObject({ ended: true, outcome: "message_taken" });
    expect(done.actions).toEqual([expect.objectContaining({ type: "take_message", message: "Please call me back about my bill", callbackNumber: "+12125550177" })]);
  });

  it("answers from the knowledge base and transfers from a transfer node", async () => {
    const biz = await business();
    const ctx = { tenantId: biz.id };
    const article = await systemDb().knowledgeArticle.create({ data: { tenantId: biz.id, title: "Parking", body: "Free parking is behind the building on Elm Street." } });
    await systemDb().knowledgePassage.create({ data: { tenantId: biz.id, articleId: article.id, ordinal: 0, heading: "Parking", text: "Free parking is behind the building on Elm Street." } });
    const a = await startCall(ctx, { spec: FRONT_DESK, direction: "inbound", now: NOW });
    const ans = await takeTurn(ctx, { callId: a.callId, utterance: "where do I park?", now: NOW });
    expect(ans.say[0]).toMatch(/parking is behind the building/i);
    expect(ans).toMatchObject({ ended: true, outcome: "question_answered" });

    const b = await startCall(ctx, { spec: FRONT_DESK, direction: "inbound", now: NOW });
    const mgr = await takeTurn(ctx, { callId: b.callId, utterance: "I need the manager", now: NOW });
    expect(mgr).toMatchObject({ ended: true, outcome: "transferred", say: ["Putting you through."] });
  });

  it("opens outbound calls with the disclosure, and takes the voicemail path", async () => {
    const biz = await business({ recordCalls: true, assistantName: "Ava" });
    const ctx = { tenantId: biz.id };
    const outbound = spec({ ...FRONT_DESK, direction: "outbound", settings: { voicemailNode: "vm" }, nodes: [...FRONT_DESK.nodes, { id: "vm", type: "end", outcome: "voicemail", text: "Hi, please call {{business.name}} back." }] });
    const a = await startCall(ctx, { spec: outbound, direction: "outbound", callerPhone: "+12125550100", now: NOW });
    expect(a.say[0]).toBe(`Hello, this is Ava, an automated assistant calling on behalf of ${biz.name}. This call is recorded.`);
    const vm = await startCall(ctx, { spec: outbound, direction: "outbound", callerPhone: "+12125550100", answeredBy: "voicemail", now: NOW });
    expect(vm).toMatchObject({ ended: true, outcome: "voicemail", say: [`Hi, please call ${biz.name} back.`] });
    expect((await systemDb().call.findUniqueOrThrow({ where: { id: vm.callId } })).status).toBe("voicemail");
  });

  it("wraps up after maxTurns", async () => {
    const biz = await business();
    const ctx = { tenantId: biz.id };
    const short = spec({ ...FRONT_DESK, settings: { maxTurns: 2 } });
    const a = await startCall(ctx, { spec: short, direction: "test", now: NOW });
    await takeTurn(ctx, { callId: a.callId, utterance: "leave my name", now: NOW });
    await takeTurn(ctx, { callId: a.callId, utterance: "Dana", now: NOW });
    const end = await takeTurn(ctx, { callId: a.callId, utterance: "maybe", now: NOW });
    expect(end).toMatchObject({ ended: true, outcome: "no_response" });
    expect(end.say[0]).toMatch(/going for a while/);
  });

  it("pins a call to the version it started with, also after a new publish and a restart", async () => {
    const biz = await business();
    const ctx = { tenantId: biz.id };
    const sys = systemDb();
    const v2spec = spec({ ...FRONT_DESK, nodes: FRONT_DESK.nodes.map((n) => (n.id === "good" ? { ...n, text: "Version two says bye." } : n)) });
    const wf = `wf${Math.random().toString(36).slice(2, 10)}`;
    await sys.$executeRaw`INSERT INTO "Workflow" (id, "tenantId", name, direction, draft, "updatedAt") VALUES (${wf}, ${biz.id}, 'Front desk', 'inbound', ${JSON.stringify(FRONT_DESK)}::jsonb, now())`;
    await sys.$executeRaw`INSERT INTO "WorkflowVersion" (id, "tenantId", "workflowId", version, spec) VALUES (${wf + "v1"}, ${biz.id}, ${wf}, 1, ${JSON.stringify(FRONT_DESK)}::jsonb)`;
    const a = await startCall(ctx, { workflowVersionId: `${wf}v1`, direction: "inbound", now: NOW });
    await takeTurn(ctx, { callId: a.callId, utterance: "leave my name", now: NOW });

    await sys.$executeRaw`INSERT INTO "WorkflowVersion" (id, "tenantId", "workflowId", version, spec) VALUES (${wf + "v2"}, ${biz.id}, ${wf}, 2, ${JSON.stringify(v2spec)}::jsonb)`;
    await sys.$executeRaw`UPDATE "Workflow" SET "currentVersionId" = ${wf + "v2"} WHERE id = ${wf}`;

    const fresh = createRuntime(); // nothing cached, as after a restart
    await fresh.takeTurn(ctx, { callId: a.callId, utterance: "Dana", now: NOW });
    const endA = await fresh.takeTurn(ctx, { callId: a.callId, utterance: "yes", now: NOW });
    expect(endA.say[0]).toMatch(/Wonderful, goodbye!$/);
    const b = await fresh.startCall(ctx, { workflowVersionId: `${wf}v2`, direction: "inbound", now: NOW });
    await fresh.takeTurn(ctx, { callId: b.callId, utterance: "leave my name", now: NOW });
    await fresh.takeTurn(ctx, { callId: b.callId, utterance: "Dana", now: NOW });
    const endB = await fresh.takeTurn(ctx, { callId: b.callId, utterance: "yes", now: NOW });
    expect(endB.say[0]).toMatch(/Version two says bye\.$/);
    const calls = await sys.call.findMany({ where: { id: { in: [a.callId, b.callId] } }, select: { id: true, workflowVersionId: true, workflowId: true } });
    expect(calls.find((c) => c.id === a.callId)).toMatchObject({ workflowVersionId: `${wf}v1`, workflowId: wf });
    expect(calls.find((c) => c.id === b.callId)).toMatchObject({ workflowVersionId: `${wf}v2`, workflowId: wf });
  });
});
