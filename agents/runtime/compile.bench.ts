// Validate + compile a 200-node workflow (budget: under 50 ms). `npm run bench -- agents/runtime/compile.bench.ts`
import { MemorySaver } from "@langchain/langgraph";
import { bench, describe } from "vitest";
import { validateSpec } from "../graphs/validate";
import { chainSpec } from "./bench-specs";
import { compileWorkflow } from "./compile";

const spec = chainSpec(200);
const json = JSON.parse(JSON.stringify(spec)) as unknown;
const saver = new MemorySaver();

describe("workflow compile (200 nodes)", () => {
  bench("compile to a LangGraph graph", () => {
    compileWorkflow(spec).graph.compile({ checkpointer: saver });
  });
  bench("validate + compile", () => {
    const r = validateSpec(json);
    if (!r.ok) throw new Error("the bench spec is invalid");
    compileWorkflow(spec).graph.compile({ checkpointer: saver });
  });
});
