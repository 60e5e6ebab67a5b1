// The built-in workflow an "urgent briefing" call runs: the agent reads the briefing to the
// business's on-call person (or their voicemail), offers to repeat it once, and hangs up.
// Stored in the urgent Call's metadata.spec; the agent worker starts it with startCall({ spec }).
import { workflowSpec, type WorkflowSpec } from "../../agents/graphs/spec";

/** Template syntax in caller-provided text must not be rendered: braces are dropped. */
function plain(text: string): string {
  return text.replace(/[{}]/g, "").replace(/\s+/g, " ").trim().slice(0, 1800) || "An urgent lead came in.";
}

export function urgentBriefingSpec(briefing: string): WorkflowSpec {
  const text = plain(briefing);
  return workflowSpec.parse({
    schemaVersion: 1,
    name: "Urgent lead briefing",
    description: "Built-in: calls the on-call number about an urgent lead (post-call job).",
    direction: "outbound",
    entry: "brief",
    slots: [{ name: "repeat", type: "yes_no" }],
    nodes: [
      { id: "brief", type: "say", text: `This is your Switchboard assistant with an urgent lead. ${text}` },
      { id: "ask_repeat", type: "ask", slot: "repeat", prompt: "Would you like me to repeat that?", maxAttempts: 1 },
      { id: "decide", type: "branch" },
      { id: "again", type: "say", text },
      { id: "done", type: "end", outcome: "completed", text: "The details are in your e-mail too. Goodbye." },
      { id: "voicemail", type: "end", outcome: "voicemail", text: `This is your Switchboard assistant with an urgent lead. ${text} The details are in your e-mail.` },
    ],
    edges: [
      { id: "e1", from: "brief", to: "ask_repeat" },
      { id: "e2", from: "ask_repeat", to: "decide", on: "filled" },
      { id: "e3", from: "ask_repeat", to: "done", on: "exhausted" },
      { id: "e4", from: "decide", to: "again", when: { var: "slots.repeat", op: "eq", value: true } },
      { id: "e5", from: "decide", to: "done" },
      { id: "e6", from: "again", to: "done" },
    ],
    settings: { voicemailNode: "voicemail", disclosure: false },
  });
}
