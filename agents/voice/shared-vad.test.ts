// One Silero model per agent process, one light VAD per call: a call's VAD streams must be
// freed with the call when many calls share a process (AGENT_JOB_MODE=shared).
import v8 from "node:v8";
import vm from "node:vm";
import { initializeLogger, type VAD } from "@livekit/agents";
import * as silero from "@livekit/agents-plugin-silero";
import { AudioFrame } from "@livekit/rtc-node";
import { beforeAll, describe, expect, it } from "vitest";
import { SharedSileroVad } from "./shared-vad";

beforeAll(() => initializeLogger({ pretty: false, level: "silent" }));

v8.setFlagsFromString("--expose-gc");
const gc = vm.runInNewContext("gc") as () => void;
async function collect() {
  for (let i = 0; i < 6; i++) {
    await new Promise((r) => setTimeout(r, 10));
    gc();
  }
}

/** Pushes 0.2 s of quiet noise and reads `n` inference results; returns the closed stream. */
async function useStream(vad: VAD, n = 4) {
  const stream = vad.stream();
  for (let f = 0; f < 10; f++) {
    const pcm = Int16Array.from({ length: 320 }, () => Math.round((Math.random() - 0.5) * 200));
    stream.pushFrame(new AudioFrame(pcm, 16_000, 1, 320));
  }
  let done = 0;
  for await (const ev of stream) if (ev.type === 1 && ++done >= n) break;
  stream.close();
  return { stream, done };
}

describe("SharedSileroVad", () => {
  it("gives each call its own VAD over the one loaded model, and both detect", async () => {
    const shared = await SharedSileroVad.load();
    const a = shared.forCall();
    const b = shared.forCall();
    expect(a).not.toBe(b);
    expect(shared.calls).toBe(2);
    const [ra, rb] = await Promise.all([useStream(a), useStream(b)]);
    expect([ra.done, rb.done]).toEqual([4, 4]);
  });

  it("frees a call's VAD stream once the call lets go of its VAD (the plugin's own VAD keeps every stream)", async () => {
    const shared = await SharedSileroVad.load();
    const processWide = await silero.VAD.load();

    const oneCall = async (vad: VAD) => new WeakRef((await useStream(vad)).stream);
    const perCall = await oneCall(shared.forCall());
    const onShared = await oneCall(processWide);
    await collect();

    expect(perCall.deref()).toBeUndefined();
    // Why calls must not share one plugin VAD: it still holds the ended call's stream.
    expect(onShared.deref()).toBeDefined();
  });
});
