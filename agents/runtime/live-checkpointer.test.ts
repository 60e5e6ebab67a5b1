// The live saver (live-checkpointer.ts) writes a checkpoint to PostgreSQL later, behind the
// reply: what it writes must be the checkpoint as it was handed over, not as it is by then.
import { describe, expect, it } from "vitest";
import { emptyCheckpoint, MemorySaver, type Checkpoint } from "@langchain/langgraph-checkpoint";
import { WriteThroughSaver } from "./live-checkpointer";
import { CallWriteQueue } from "./write-queue";

describe("WriteThroughSaver.put", () => {
  it("writes a deep copy: a nested value changed in place after put does not change what is stored", async () => {
    const base = new MemorySaver();
    const queue = new CallWriteQueue({ retryDelayMs: 1 });
    const saver = new WriteThroughSaver(base, queue);
    const config = { configurable: { thread_id: "call-deep-copy", checkpoint_ns: "" } };
    const checkpoint: Checkpoint = {
      ...emptyCheckpoint(),
      channel_values: { slots: { name: "Dana" }, lines: [{ role: "agent", text: "What's your name?" }], context: { caller: { phone: "+12125550100" } } },
      channel_versions: { slots: 1, lines: 1, context: 1 },
    };
    await saver.put(config, checkpoint, { source: "loop", step: 1, parents: {} }, { slots: 1, lines: 1, context: 1 });
    // The write to the base saver has not run yet (it runs behind the reply); LangGraph changes
    // nested values of the object it handed over meanwhile.
    const values = checkpoint.channel_values as { slots: Record<string, string>; lines: { text: string }[]; context: { caller: Record<string, string> } };
    values.slots.name = "Fox";
    values.lines.push({ text: "changed" });
    values.lines[0]!.text = "changed";
    values.context.caller.phone = "changed";
    await queue.settle("call-deep-copy");

    const stored = await base.getTuple(config);
    expect(stored?.checkpoint.channel_values).toEqual({
      slots: { name: "Dana" },
      lines: [{ role: "agent", text: "What's your name?" }],
      context: { caller: { phone: "+12125550100" } },
    });
    // The in-memory copy (served to the next turn) is the one handed over too.
    expect((await saver.getTuple(config))?.checkpoint.channel_values).toMatchObject({ slots: { name: "Dana" } });
  });
});
