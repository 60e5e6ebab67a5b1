// One caller turn with the local understanding, including the checkpoint (PostgreSQL) and the
// CallTurn/CallAction writes. Budget: p50 < 10 ms, p99 < 30 ms.
// `TEST_PG_PORT=... npx vitest bench --run agents/runtime/turn.bench.ts` (TURN_BENCH_TURNS, default 2000)
import { bench, describe } from "vitest";
import { systemDb } from "../../server/db";
import { loopSpec } from "./bench-specs";
import { createRuntime } from "./index";

const TURNS = Number(process.env.TURN_BENCH_TURNS ?? 2000);
const spec = loopSpec();
const s = Math.random().toString(36).slice(2, 10);
const tenant = await systemDb().tenant.create({ data: { name: `Bench ${s}`, slug: `bench-${s}` } });
const ctx = { tenantId: tenant.id };
const runtime = createRuntime();
let callId = "";
let turnsInCall = 0;
const samples: number[] = [];
const WORDS = ["the blue one", "next week maybe", "my neighbour's fence", "it is about the roof", "two more things"];

async function newCall() {
  callId = (await runtime.startCall(ctx, { spec, direction: "test" })).callId;
  turnsInCall = 0;
}

describe("caller turn", () => {
  bench(
    "takeTurn (local understanding, checkpoint + DB writes)",
    async () => {
      if (!callId || turnsInCall >= 190) await newCall();
      const t0 = performance.now();
      await runtime.takeTurn(ctx, { callId, utterance: WORDS[turnsInCall % WORDS.length]! });
      samples.push(performance.now() - t0);
      turnsInCall += 1;
    },
    {
      iterations: TURNS,
      time: 0,
      warmupIterations: 20,
      teardown: () => {
        if (samples.length < TURNS) return;
        const sorted = [...samples].sort((a, b) => a - b);
        const p = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!.toFixed(2);
        process.stderr.write(`turn bench: ${sorted.length} turns, p50 ${p(0.5)} ms, p90 ${p(0.9)} ms, p99 ${p(0.99)} ms, max ${sorted[sorted.length - 1]!.toFixed(2)} ms\n`);
      },
    },
  );
});
