import { describe, expect, it } from "vitest";
import type { WorkflowSpecInput } from "../../agents/graphs/spec";
import { startCall } from "../../agents/runtime";
import { systemDb } from "../db";
import { signedInMember } from "../testing/members";

const spec: WorkflowSpecInput = {
  schemaVersion: 1,
  name: "Take a name",
  direction: "inbound",
  entry: "greet",
  slots: [{ name: "name", type: "text" }],
  nodes: [
    { id: "greet", type: "say", text: "Hello from the test line." },
    { id: "ask_name", type: "ask", slot: "name", prompt: "Who am I speaking with?" },
    { id: "bye", type: "end", outcome: "message_taken", text: "Thanks {{slots.name}}, goodbye." },
    { id: "gave_up", type: "end", outcome: "no_response", text: "Goodbye." },
  ],
  edges: [
    { id: "e1", from: "greet", to: "ask_name" },
    { id: "e2", from: "ask_name", to: "bye", on: "filled" },
    { id: "e3", from: "ask_name", to: "gave_up", on: "exhausted" },
  ],
};

async function ownerWithWorkflow() {
  const owner = await signedInMember("owner");
  const wf = await owner.caller.workflows.createBlank({ name: "Test line", direction: "inbound" });
  await owner.caller.workflows.saveDraft({ id: wf.id, spec });
  return { owner, wf };
}

describe("test calls router", () => {
  it("talks to the saved draft as a stranger and stores the call as a test", async () => {
    const { owner, wf } = await ownerWithWorkflow();
    const targets = await owner.caller.testCalls.targets({ workflowId: wf.id });
    expect(targets.targets.map((t) => t.id)).toEqual(["draft"]);

    const first = await owner.caller.testCalls.start({ workflowId: wf.id, target: "draft", callerPhone: "+13125550199" });
    expect(first.say.join(" ")).toContain("Hello from the test line.");
    expect(first.say.join(" ")).toContain("Who am I speaking with?");
    expect(first).toMatchObject({ waiting: true, ended: false, nodeId: "ask_name" });

    const second = await owner.caller.testCalls.turn({ callId: first.callId, utterance: "Ana Lopez" });
    expect(second.ended).toBe(true);
    expect(second.outcome).toBe("message_taken");
    expect(second.say.join(" ")).toContain("Ana Lopez");

    const call = await systemDb().call.findUniqueOrThrow({ where: { id: first.callId } });
    expect(call).toMatchObject({ tenantId: owner.tenant.id, direction: "test", simulated: true });
    await expect(owner.caller.testCalls.turn({ callId: first.callId, utterance: "hello?" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });

  it("runs a published version, as a known contact of the business", async () => {
    const { owner, wf } = await ownerWithWorkflow();
    const published = await owner.caller.workflows.publish({ id: wf.id, notes: "first" });
    expect(published.published).toBe(true);
    const targets = await owner.caller.testCalls.targets({ workflowId: wf.id });
    const version = targets.targets.find((t) => t.id !== "draft")!;
    expect(version.label).toContain("(live)");
    const contact = await owner.caller.contacts.create({ givenName: "Rosa", familyName: "Diaz", phone: "+13125550142" });
    const turn = await owner.caller.testCalls.start({ workflowId: wf.id, target: version.id, contactId: contact.id });
    const call = await systemDb().call.findUniqueOrThrow({ where: { id: turn.callId } });
    expect(call).toMatchObject({ direction: "test", workflowVersionId: version.id, contactId: contact.id });
  });

  it("refuses viewers, other businesses' contacts and calls, and real calls", async () => {
    const { owner, wf } = await ownerWithWorkflow();
    const viewer = await signedInMember("viewer", { tenantId: owner.tenant.id });
    await expect(viewer.caller.testCalls.start({ workflowId: wf.id, target: "draft" })).rejects.toMatchObject({ code: "FORBIDDEN" });

    const other = await signedInMember("owner");
    const theirContact = await other.caller.contacts.create({ givenName: "Not", familyName: "Yours", phone: "+13125550177" });
    await expect(owner.caller.testCalls.start({ workflowId: wf.id, target: "draft", contactId: theirContact.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(other.caller.testCalls.start({ workflowId: wf.id, target: "draft" })).rejects.toMatchObject({ code: "NOT_FOUND" });

    const mine = await owner.caller.testCalls.start({ workflowId: wf.id, target: "draft" });
    await expect(other.caller.testCalls.turn({ callId: mine.callId, utterance: "hi" })).rejects.toMatchObject({ code: "NOT_FOUND" });

    // An inbound (real) call of the same business cannot be driven from the test page.
    const real = await startCall({ tenantId: owner.tenant.id }, { spec: (await owner.caller.workflows.get({ id: wf.id })).draft as never, direction: "inbound" });
    await expect(owner.caller.testCalls.turn({ callId: real.callId, utterance: "hi" })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("says what to fix when the draft does not validate", async () => {
    const { owner, wf } = await ownerWithWorkflow();
    await owner.caller.workflows.saveDraft({ id: wf.id, spec: { ...spec, entry: "nowhere" } });
    await expect(owner.caller.testCalls.start({ workflowId: wf.id, target: "draft" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringContaining("The draft has problems to fix first"),
    });
  });
});
