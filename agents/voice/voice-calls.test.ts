// The voice agent end to end without a room: LiveKit's AgentSession drives WorkflowAgent with
// typed caller turns (session.run), the real runtime runs the shipped templates against the real
// database, and we check both what the caller heard and what changed.
import { initializeLogger, llm, voice } from "@livekit/agents";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { withTenant } from "../../server/db";
import { applySetup, createSandboxBusiness } from "../sim/run-scenario";
import { getTemplate } from "../templates/index";
import { runtimeConversation } from "./conversation";
import { WorkflowAgent } from "./workflow-agent";

class NoLLM extends llm.LLM {
  label() {
    return "test.none";
  }
  chat(): llm.LLMStream {
    throw new Error("not used");
  }
}

let tenantId: string;
beforeAll(async () => {
  initializeLogger({ pretty: false, level: "silent" });
  tenantId = (await createSandboxBusiness()).tenantId;
}, 120_000);

const sessions: voice.AgentSession[] = [];
let errors: unknown[] = [];
afterEach(async () => {
  expect(errors).toEqual([]);
  errors = [];
  await Promise.all(sessions.splice(0).map((s) => s.close()));
});

function agentLines(session: voice.AgentSession): string[] {
  return session.chatCtx.items
    .filter((i) => i.type === "message" && (i as llm.ChatMessage).role === "assistant")
    .map((i) => (i as llm.ChatMessage).textContent ?? "");
}

/** The opening is said from onEnter once the call exists; a caller hears it before answering. */
async function opening(session: voice.AgentSession): Promise<void> {
  for (let i = 0; i < 200 && agentLines(session).length === 0; i++) await new Promise((r) => setTimeout(r, 25));
  await session.waitForIdle();
}

async function say(session: voice.AgentSession, text: string) {
  await session.run({ userInput: text }).wait();
}

describe("voice calls through the workflow agent", () => {
  it("reminder: the callee confirms, and the appointment is confirmed in the calendar", async () => {
    const now = new Date();
    const phone = "+14155550733";
    const contactId = await withTenant({ tenantId }, (db) =>
      applySetup(
        db,
        tenantId,
        {
          contact: { firstName: "Rosa", lastName: "Diaz", phone },
          appointments: [{ startsIn: "26h", service: "Cleaning" }],
          invoices: [],
          projects: [],
          knowledge: [],
        },
        phone,
        now,
      ),
    );
    const spec = getTemplate("appointment-reminder")!.spec;
    const conversation = runtimeConversation({ tenantId, workflowVersionId: null, spec, direction: "outbound", callerPhone: phone, contactId, answeredBy: "human", onError: (e) => errors.push(e) });
    const ended: string[] = [];
    const session = new voice.AgentSession({ llm: new NoLLM() });
    sessions.push(session);
    await session.start({ agent: new WorkflowAgent({ conversation, onEnded: (t) => ended.push(t.outcome ?? "") }) });
    await opening(session);

    await say(session, "yes this is Rosa");
    await say(session, "yes, I'll be there");
    // The end of the call: the turn rows and the end are written right after each reply; closing
    // waits for them (the worker's session close does the same).
    await conversation.close();

    const lines = agentLines(session);
    // The opening says who is calling and that this is an automated assistant.
    expect(lines[0]).toMatch(/Bright Smile Dental/);
    expect(lines[0]).toMatch(/automated/i);
    expect(lines.join(" ")).toMatch(/confirm/i);
    // onEnded comes once the call's writes have landed (a transfer briefing reads them).
    await vi.waitFor(() => expect(ended).toEqual(["confirmed"]));

    const callId = conversation.callId!;
    const [appointment, call, turns] = await withTenant({ tenantId }, (db) =>
      Promise.all([
        db.appointment.findFirstOrThrow({ where: { contactId }, orderBy: { startsAt: "asc" } }),
        db.call.findUniqueOrThrow({ where: { id: callId } }),
        db.callTurn.findMany({ where: { callId }, orderBy: { seq: "asc" } }),
      ]),
    );
    expect(appointment.status).toBe("confirmed");
    expect(call).toMatchObject({ direction: "outbound", outcome: "confirmed", contactId });
    expect(call.endedAt).not.toBeNull();
    // Every line is stored as it happens, with the node that produced it.
    expect(turns.filter((t) => t.role === "caller").map((t) => t.text)).toEqual(["yes this is Rosa", "yes, I'll be there"]);
    expect(turns.filter((t) => t.role === "agent").every((t) => t.nodeId)).toBe(true);
  }, 60_000);

  it("receptionist: a known caller books next Tuesday afternoon, and the appointment exists", async () => {
    const now = new Date();
    const phone = "+14155550734";
    const contactId = await withTenant({ tenantId }, (db) =>
      applySetup(
        db,
        tenantId,
        { contact: { firstName: "Omar", lastName: "Haddad", phone }, appointments: [], invoices: [], projects: [], knowledge: [] },
        phone,
        now,
      ),
    );
    const spec = getTemplate("receptionist")!.spec;
    const conversation = runtimeConversation({ tenantId, workflowVersionId: null, spec, direction: "inbound", callerPhone: phone, onError: (e) => errors.push(e) });
    const session = new voice.AgentSession({ llm: new NoLLM() });
    sessions.push(session);
    await session.start({ agent: new WorkflowAgent({ conversation }) });
    await opening(session);

    await say(session, "I'd like to book an appointment");
    await say(session, "next Tuesday afternoon");
    await say(session, "yes");
    await conversation.close();

    const lines = agentLines(session);
    expect(lines[0]).toMatch(/Omar/); // recognised by caller id
    expect(lines.join(" ")).toMatch(/Tuesday/);
    const booked = await withTenant({ tenantId }, (db) =>
      db.appointment.findMany({ where: { contactId, status: { not: "cancelled" } }, select: { startsAt: true, source: true } }),
    );
    expect(booked).toHaveLength(1);
    expect(booked[0]!.source).toBe("phone");
    // Next Tuesday, in the afternoon, in the business's time zone (America/Chicago).
    const local = new Intl.DateTimeFormat("en-US", { timeZone: "America/Chicago", weekday: "long", hour: "numeric", hour12: false }).formatToParts(booked[0]!.startsAt);
    expect(local.find((p) => p.type === "weekday")!.value).toBe("Tuesday");
    expect(Number(local.find((p) => p.type === "hour")!.value)).toBeGreaterThanOrEqual(12);
    const call = await withTenant({ tenantId }, (db) => db.call.findUniqueOrThrow({ where: { id: conversation.callId! } }));
    expect(call.outcome).toBe("appointment_booked");
  }, 60_000);
});
