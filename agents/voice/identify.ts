// Which call is this? Outbound calls carry their call id in the agent dispatch's metadata (the
// placement service wrote it); inbound calls arrive through a SIP dispatch rule, and the SIP
// participant's attributes name the dialled number and the caller's number.
import { z } from "zod";

const outboundMetadata = z.object({
  callId: z.string().min(1),
  tenantId: z.string().min(1),
  direction: z.enum(["outbound", "test"]).default("outbound"),
});

const inboundMetadata = z.object({ tenantId: z.string().min(1).optional() }).passthrough();

export type CallIdentity =
  | { kind: "outbound"; callId: string; tenantId: string; direction: "outbound" | "test" }
  | { kind: "inbound"; dialledNumber: string; callerNumber: string; tenantId?: string; sipCallId?: string };

/** LiveKit's SIP participant attributes (docs: "SIP participant attributes"). */
export const SIP_ATTRIBUTES = {
  dialledNumber: "sip.trunkPhoneNumber",
  callerNumber: "sip.phoneNumber",
  callId: "sip.callID",
  callStatus: "sip.callStatus",
} as const;

export class UnidentifiedCallError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UnidentifiedCallError";
  }
}

function parseJson(text: string | undefined): unknown {
  if (!text) return {};
  try {
    return JSON.parse(text);
  } catch {
    return {};
  }
}

/**
 * Identify the call from the job's dispatch metadata and, for inbound calls, the SIP
 * participant's attributes. Outbound metadata wins: a dispatch with a call id is ours.
 */
export function identifyCall(jobMetadata: string | undefined, sipAttributes: Record<string, string> | null): CallIdentity {
  const meta = parseJson(jobMetadata);
  const outbound = outboundMetadata.safeParse(meta);
  if (outbound.success) return { kind: "outbound", ...outbound.data };
  if (!sipAttributes) {
    throw new UnidentifiedCallError("The job has no call id in its metadata and no SIP participant joined the room.");
  }
  const dialledNumber = sipAttributes[SIP_ATTRIBUTES.dialledNumber];
  if (!dialledNumber) {
    throw new UnidentifiedCallError(`The SIP participant has no ${SIP_ATTRIBUTES.dialledNumber} attribute.`);
  }
  const inbound = inboundMetadata.safeParse(meta);
  return {
    kind: "inbound",
    dialledNumber,
    // A withheld caller id arrives empty (or as "anonymous"); the call still goes ahead.
    callerNumber: /^\+?\d{3,}$/.test(sipAttributes[SIP_ATTRIBUTES.callerNumber] ?? "") ? sipAttributes[SIP_ATTRIBUTES.callerNumber]! : "",
    tenantId: inbound.success ? inbound.data.tenantId : undefined,
    sipCallId: sipAttributes[SIP_ATTRIBUTES.callId],
  };
}
