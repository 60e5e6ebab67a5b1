import { describe, expect, it } from "vitest";
import { Annotation, Command, MemorySaver, StateGraph, START, END, interrupt } from "@langchain/langgraph";
import { AsyncLocalStorageProviderSingleton } from "@langchain/core/singletons";
import { installFastLangChainContext } from "./langchain-fast-context";

const State = Annotation.Root({ said: Annotation<string[], string[]>({ reducer: (a, b) => a.concat(b), default: () => [] }) });

function graph() {
  return new StateGraph(State)
    .addNode("ask", () => {
      const answer = interrupt({ q: "name?" }) as string;
      const config = AsyncLocalStorageProviderSingleton.getRunnableConfig() as { configurable?: { thread_id?: string } } | undefined;
      return { said: [`${answer}@${config?.configurable?.thread_id}`] };
    })
    .addEdge(START, "ask")
    .addEdge("ask", END)
    .compile({ checkpointer: new MemorySaver() });
}

describe("fast LangChain context", () => {
  it("keeps interrupt/resume and the config in AsyncLocalStorage, and still calls handlers", async () => {
    expect(installFastLangChainContext()).toBe(true);
    const g = graph();
    const first = (await g.invoke({ said: [] }, { configurable: { thread_id: "t1" } })) as { __interrupt__?: unknown[] };
    expect(first.__interrupt__?.length).toBe(1);
    const done = await g.invoke(new Command({ resume: "Ann" }), { configurable: { thread_id: "t1" } });
    expect(done.said).toEqual(["Ann@t1"]);

    // With a callback handler the stock path runs: the handler sees the graph's runs.
    const started: string[] = [];
    const handler = { name: "probe", handleChainStart: (_c: unknown, _i: unknown, _r: string, _p?: string, _t?: string[], _m?: unknown, _rt?: string, name?: string) => void started.push(String(name)) };
    await g.invoke({ said: [] }, { configurable: { thread_id: "t2" }, callbacks: [handler] });
    expect(started).toContain("ask");
  });
});
