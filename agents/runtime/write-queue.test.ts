import { describe, expect, it } from "vitest";
import { CallWriteError, CallWriteQueue, type WriteFailure } from "./write-queue";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function recorder() {
  const failures: WriteFailure[] = [];
  const queue = new CallWriteQueue({ retryDelayMs: 1, onFailure: (f) => failures.push(f) });
  return { queue, failures };
}

describe("CallWriteQueue", () => {
  it("runs a call's writes one at a time in the order they were queued, even behind a slow write", async () => {
    const { queue } = recorder();
    const log: string[] = [];
    let running = 0;
    let maxRunning = 0;
    const write = (name: string, ms: number) => async () => {
      running++;
      maxRunning = Math.max(maxRunning, running);
      log.push(`start ${name}`);
      await sleep(ms);
      log.push(`end ${name}`);
      running--;
    };
    queue.push("call-1", "slow checkpoint", write("a", 40));
    queue.push("call-1", "turn rows", write("b", 0));
    queue.push("call-1", "end of call", write("c", 5));
    // Another call is independent: it does not wait behind call-1's slow write.
    queue.push("call-2", "turn rows", write("x", 0));
    expect(queue.pending("call-1")).toBe(3);
    await queue.idle("call-2");
    expect(log).toContain("end x");
    expect(log).not.toContain("end a");
    await queue.settle("call-1");
    expect(log.filter((l) => !l.endsWith("x"))).toEqual(["start a", "end a", "start b", "end b", "start c", "end c"]);
    expect(queue.pending("call-1")).toBe(0);
    expect(maxRunning).toBe(2); // call-1 and call-2 overlapped; never two of call-1's
  });

  it("retries a failed write once and reports the failure", async () => {
    const { queue, failures } = recorder();
    const stored: string[] = [];
    let tries = 0;
    queue.push("call-1", "turn rows", async () => {
      tries++;
      if (tries === 1) throw new Error("connection reset");
      stored.push("turn");
    });
    queue.push("call-1", "end of call", async () => void stored.push("end"));
    await queue.settle("call-1");
    expect(tries).toBe(2);
    expect(stored).toEqual(["turn", "end"]);
    expect(failures).toEqual([expect.objectContaining({ callId: "call-1", label: "turn rows", attempt: 1, final: false })]);
    expect((failures[0]!.error as Error).message).toBe("connection reset");
  });

  it("stalls behind a write that fails its retry, tries it again with the next write, and the end of the call reports what was not stored", async () => {
    const { queue, failures } = recorder();
    const stored: string[] = [];
    let down = true;
    queue.push("call-1", "checkpoint", async () => {
      if (down) throw new Error("database unavailable");
      stored.push("checkpoint");
    });
    queue.push("call-1", "turn rows", async () => void stored.push("turn 1"));
    await queue.idle("call-1");
    // Failed twice: reported as final, nothing behind it has run (order is kept).
    expect(failures.map((f) => [f.label, f.attempt, f.final])).toEqual([
      ["checkpoint", 1, false],
      ["checkpoint", 2, true],
    ]);
    expect(queue.stalled("call-1")).toBe(true);
    expect(stored).toEqual([]);

    // The end of the call: still down -> rejects with what is missing; the writes stay queued.
    const err = await queue.settle("call-1").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CallWriteError);
    expect((err as CallWriteError).pending).toEqual(["checkpoint", "turn rows"]);
    expect((err as CallWriteError).message).toMatch(/database unavailable/);
    expect(queue.pending("call-1")).toBe(2);

    // The database is back: the next write (the next turn) retries the stalled one first.
    down = false;
    queue.push("call-1", "turn rows 2", async () => void stored.push("turn 2"));
    await queue.settle("call-1");
    expect(stored).toEqual(["checkpoint", "turn 1", "turn 2"]);
    expect(queue.pending("call-1")).toBe(0);
    expect(queue.stalled("call-1")).toBe(false);
  });

  it("settle() of a call with nothing queued resolves at once", async () => {
    const { queue } = recorder();
    await expect(queue.settle("nobody")).resolves.toBeUndefined();
    queue.push("call-1", "checkpoint", async () => {
      throw new Error("nope");
    });
    await queue.idle("call-1");
    expect(queue.pending("call-1")).toBe(1);
  });

  it("finish() gives up a write that keeps failing with the later writes of its chain, and still runs the others", async () => {
    const { queue } = recorder();
    const stored: string[] = [];
    queue.push("call-1", "checkpoint", async () => void stored.push("checkpoint 0"), "checkpoint");
    queue.push("call-1", "checkpoint", async () => {
      throw new Error("value too long");
    }, "checkpoint");
    queue.push("call-1", "turn", async () => void stored.push("turn 1"));
    queue.push("call-1", "checkpoint", async () => void stored.push("checkpoint 2"), "checkpoint");
    queue.push("call-1", "turn + end of call", async () => void stored.push("turn 2 + end"));
    const err = await queue.finish("call-1").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CallWriteError);
    expect((err as CallWriteError).pending).toEqual(["checkpoint", "checkpoint"]);
    expect((err as CallWriteError).message).toMatch(/value too long/);
    // The later checkpoint builds on the lost one: not written. The rows and the end are.
    expect(stored).toEqual(["checkpoint 0", "turn 1", "turn 2 + end"]);
    expect(queue.pending("call-1")).toBe(0);
    await expect(queue.finish("call-1")).resolves.toBeUndefined();
  });
});
