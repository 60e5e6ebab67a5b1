// LiveKit server API clients (rooms, agent dispatch, SIP), built from the environment. Everything
// telephony goes through `livekit()`, so tests point it at a local HTTP server speaking Twirp.
import { AgentDispatchClient, RoomServiceClient, SipClient } from "livekit-server-sdk";
import { env } from "../env";

export interface LivekitConfig {
  /** http(s) base URL of the LiveKit server (a ws(s):// URL is accepted and converted). */
  url: string;
  apiKey: string;
  apiSecret: string;
  agentName: string;
  /** LIVEKIT_SIP_OUTBOUND_TRUNK_ID: used when the business's number names no trunk of its own. */
  defaultOutboundTrunkId: string | null;
}

export interface LivekitClients {
  config: LivekitConfig;
  rooms: RoomServiceClient;
  dispatch: AgentDispatchClient;
  sip: SipClient;
}

export class TelephonyNotConfiguredError extends Error {
  constructor(message = "LiveKit is not configured: set LIVEKIT_URL, LIVEKIT_API_KEY and LIVEKIT_API_SECRET.") {
    super(message);
    this.name = "TelephonyNotConfiguredError";
  }
}

/** The LiveKit settings from the environment, or null when URL, key or secret is missing. */
export function livekitConfigFromEnv(): LivekitConfig | null {
  const e = env();
  if (!e.LIVEKIT_URL || !e.LIVEKIT_API_KEY || !e.LIVEKIT_API_SECRET) return null;
  return {
    url: e.LIVEKIT_URL,
    apiKey: e.LIVEKIT_API_KEY,
    apiSecret: e.LIVEKIT_API_SECRET,
    agentName: e.LIVEKIT_AGENT_NAME,
    defaultOutboundTrunkId: e.LIVEKIT_SIP_OUTBOUND_TRUNK_ID ?? null,
  };
}

export function createLivekitClients(config: LivekitConfig): LivekitClients {
  const url = config.url.replace(/^ws(s?):\/\//, "http$1://");
  // No region failover: the SDK replays a request that failed with a 5xx or a dropped connection
  // against another LiveKit Cloud region, which for CreateSIPParticipant could ring the same
  // person twice. Placement resolves uncertain outcomes itself (see placement.ts).
  const options = { failover: false, requestTimeout: 10 };
  return {
    config,
    rooms: new RoomServiceClient(url, config.apiKey, config.apiSecret, options),
    dispatch: new AgentDispatchClient(url, config.apiKey, config.apiSecret, options),
    sip: new SipClient(url, config.apiKey, config.apiSecret, options),
  };
}

let override: LivekitClients | null | undefined;
let fromEnv: { key: string; clients: LivekitClients } | undefined;

/** The clients for the configured LiveKit, or null when telephony is not configured. */
export function livekit(): LivekitClients | null {
  if (override !== undefined) return override;
  const config = livekitConfigFromEnv();
  if (!config) return null;
  const key = JSON.stringify(config);
  if (fromEnv?.key !== key) fromEnv = { key, clients: createLivekitClients(config) };
  return fromEnv.clients;
}

export function requireLivekit(): LivekitClients {
  const clients = livekit();
  if (!clients) throw new TelephonyNotConfiguredError();
  return clients;
}

/** Tests: use these clients (or null: "not configured") until reset with undefined. */
export function setLivekitForTests(clients: LivekitClients | null | undefined) {
  override = clients;
}
