// A local HTTP server speaking OpenAI's chat-completions wire format, for tests of the code that
// calls it (the LLM understanding, the post-call summary). Each test picks how it answers.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export type OpenAiHandler = (body: any, res: ServerResponse) => void;

export interface OpenAiRequest {
  path: string | undefined;
  body: any;
  auth: string | undefined;
}

export interface FakeOpenAi {
  /** `http://127.0.0.1:<port>/v1`, what the client takes as its base URL. */
  baseUrl: string;
  /** Requests received since the last reset, in order. */
  requests: OpenAiRequest[];
  /** How the next requests are answered. */
  answer(handler: OpenAiHandler): void;
  /** Forgets the requests and ends stalled responses. */
  reset(): void;
  close(): Promise<void>;
}

export async function startFakeOpenAi(): Promise<FakeOpenAi> {
  let handler: OpenAiHandler = failWith500;
  const stalled: ServerResponse[] = [];
  const fake: FakeOpenAi = {
    baseUrl: "",
    requests: [],
    answer: (h) => {
      handler = h;
    },
    reset: () => {
      fake.requests.length = 0;
      for (const res of stalled.splice(0)) res.destroy();
    },
    close: async () => {
      fake.reset();
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
  };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let raw = "";
    req.on("data", (c) => (raw += c));
    req.on("end", () => {
      const body = JSON.parse(raw || "{}");
      fake.requests.push({ path: req.url, body, auth: req.headers.authorization });
      if (handler === stall) stalled.push(res);
      else handler(body, res);
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  fake.baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  return fake;
}

/** Answers with one call of the request's first tool, with these arguments. */
export function toolCallReply(args: unknown): OpenAiHandler {
  return (body, res) => {
    const name = body.tools?.[0]?.function?.name ?? "tool";
    res.writeHead(200, { "content-type": "application/json" });
    res.end(
      JSON.stringify({
        id: "chatcmpl-test",
        object: "chat.completion",
        created: 1_700_000_000,
        model: body.model,
        choices: [
          {
            index: 0,
            finish_reason: "tool_calls",
            message: { role: "assistant", content: null, tool_calls: [{ id: "call_1", type: "function", function: { name, arguments: JSON.stringify(args) } }] },
          },
        ],
        usage: { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 },
      }),
    );
  };
}

/** Never answers (until reset or close): for timeouts. */
export const stall: OpenAiHandler = () => {};

/** A 500 with OpenAI's error body. */
export const failWith500: OpenAiHandler = (_body, res) => {
  res.writeHead(500, { "content-type": "application/json" });
  res.end(JSON.stringify({ error: { message: "boom", type: "server_error" } }));
};
