// Tests only: a local HTTP server speaking LiveKit's Twirp JSON API. It records every request
// (method, body, Authorization) and answers with canned responses that a test can override.
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { TokenVerifier } from "livekit-server-sdk";
import { createLivekitClients, type LivekitClients, type LivekitConfig } from "./livekit";

export interface RecordedRequest {
  /** "RoomService/CreateRoom", "AgentDispatchService/CreateDispatch", "SIP/CreateSIPParticipant", ... */
  method: string;
  body: Record<string, unknown>;
  authorization: string | undefined;
}

type Reply = { status?: number; json?: unknown; /** cut the connection without an answer */ drop?: boolean };
type Handler = (body: Record<string, unknown>, request: RecordedRequest) => Reply | Promise<Reply>;

const defaults: Record<string, Handler> = {
  "RoomService/CreateRoom": (b) => ({ json: { sid: "RM_test", name: b.name, metadata: b.metadata ?? "" } }),
  "RoomService/ListParticipants": () => ({ json: { participants: [] } }),
  "RoomService/DeleteRoom": () => ({ json: {} }),
  "AgentDispatchService/CreateDispatch": (b) => ({ json: { id: "AD_test", agentName: b.agentName, room: b.room, metadata: b.metadata ?? "" } }),
  "AgentDispatchService/ListDispatch": () => ({ json: { agentDispatches: [] } }),
  "SIP/CreateSIPParticipant": (b) => ({
    json: { participantId: "PA_phone", participantIdentity: b.participantIdentity, roomName: b.roomName, sipCallId: "SCL_test" },
  }),
  "SIP/CreateSIPInboundTrunk": (b) => ({ json: { sipTrunkId: "ST_in_test", ...(b.trunk as object) } }),
  "SIP/UpdateSIPInboundTrunk": (b) => ({ json: { sipTrunkId: b.sipTrunkId } }),
  "SIP/DeleteSIPTrunk": (b) => ({ json: { sipTrunkId: b.sipTrunkId } }),
  "SIP/CreateSIPDispatchRule": () => ({ json: { sipDispatchRuleId: "SDR_test" } }),
  "SIP/UpdateSIPDispatchRule": (b) => ({ json: { sipDispatchRuleId: b.sipDispatchRuleId } }),
  "SIP/DeleteSIPDispatchRule": (b) => ({ json: { sipDispatchRuleId: b.sipDispatchRuleId } }),
};

export const TEST_LIVEKIT_KEY = "APItestkey";
export const TEST_LIVEKIT_SECRET = "test-secret-that-is-long-enough-for-hs256-signing";

export interface FakeLivekit {
  url: string;
  requests: RecordedRequest[];
  /** Requests to one method, e.g. "SIP/CreateSIPParticipant". */
  calls(method: string): RecordedRequest[];
  on(method: string, handler: Handler): void;
  clients(config?: Partial<LivekitConfig>): LivekitClients;
  /** The grants a recorded request's bearer token carries (verified with the test secret). */
  grants(request: RecordedRequest): Promise<Record<string, unknown>>;
  close(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let data = "";
    req.setEncoding("utf8");
    req.on("data", (c: string) => (data += c));
    req.on("end", () => resolve(data));
    req.on("error", reject);
  });
}

export async function startFakeLivekit(): Promise<FakeLivekit> {
  const requests: RecordedRequest[] = [];
  const handlers = new Map<string, Handler>();
  const server: Server = createServer(async (req, res) => {
    const method = (req.url ?? "").replace(/^\/twirp\/livekit\./, "").replace(".", "/").split("?")[0]!;
    const raw = await readBody(req);
    const recorded: RecordedRequest = { method, body: raw ? JSON.parse(raw) : {}, authorization: req.headers.authorization };
    requests.push(recorded);
    const handler = handlers.get(method) ?? defaults[method];
    const reply: Reply = handler ? await handler(recorded.body, recorded) : { status: 404, json: { code: "not_found", msg: `no fake for ${method}` } };
    if (reply.drop) {
      req.socket.destroy();
      return;
    }
    res.writeHead(reply.status ?? 200, { "content-type": "application/json" });
    res.end(JSON.stringify(reply.json ?? {}));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const verifier = new TokenVerifier(TEST_LIVEKIT_KEY, TEST_LIVEKIT_SECRET);
  return {
    url,
    requests,
    calls: (method) => requests.filter((r) => r.method === method),
    on: (method, handler) => void handlers.set(method, handler),
    clients: (config = {}) =>
      createLivekitClients({
        url,
        apiKey: TEST_LIVEKIT_KEY,
        apiSecret: TEST_LIVEKIT_SECRET,
        agentName: "switchboard",
        defaultOutboundTrunkId: "ST_default",
        ...config,
      }),
    grants: async (r) => {
      const token = (r.authorization ?? "").replace(/^Bearer /, "");
      return (await verifier.verify(token)) as unknown as Record<string, unknown>;
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
