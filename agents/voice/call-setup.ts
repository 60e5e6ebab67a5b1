// Everything a voice session needs to know before it says a word: which business, which exact
// workflow version (or a spec carried by the call, e.g. an urgent-lead briefing), who is on the
// line, the business's persona and its limits. Inbound calls are resolved by the dialled number;
// outbound calls by the Call row the dispatcher created.
import { z } from "zod";
import { withTenant } from "../../server/db";
import { dependencyNameOfProvider, reportDependencyFailure } from "../../server/system/dependency-status";
import { resolveInboundCall } from "../../server/telephony/phone-numbers";
import { workflowSpec, type WorkflowSpec } from "../graphs/spec";
import type { CallIdentity } from "./identify";
import { UnidentifiedCallError } from "./identify";
import { DEFAULT_PERSONA, type Persona } from "./providers";

export interface CallSetup {
  tenantId: string;
  direction: "inbound" | "outbound" | "test";
  /** The published version to run, or null when `spec` is given instead. */
  workflowVersionId: string | null;
  spec: WorkflowSpec | null;
  callId: string | null;
  callerPhone: string | undefined;
  contactId: string | null;
  persona: Persona;
  maxCallSeconds: number;
  silenceTimeoutSeconds: number;
}

/** Voice settings a business keeps in Tenant.settings.voice; every field has a sane default. */
export const voiceSettings = z
  .object({
    persona: z
      .object({
        name: z.string().min(1).max(40).default(DEFAULT_PERSONA.name),
        elevenLabsVoiceId: z.string().max(64).optional(),
        openAiVoice: z.string().max(32).default(DEFAULT_PERSONA.openAiVoice!),
        language: z.string().max(10).default("en"),
      })
      .default({}),
    /** Longest call before the agent wraps up politely (minutes). */
    maxCallMinutes: z.number().int().min(1).max(120).default(20),
    /** How long a caller may stay silent before the workflow reprompts (seconds). */
    silenceTimeoutSeconds: z.number().int().min(3).max(60).default(8),
  })
  .catch({ persona: { ...DEFAULT_PERSONA, openAiVoice: "alloy", language: "en" }, maxCallMinutes: 20, silenceTimeoutSeconds: 8 });

/**
 * What answers when a number has no published workflow: a plain message taker, so a caller is
 * never met by silence or an error while the business is still setting up.
 */
export const MESSAGE_TAKER_SPEC: WorkflowSpec = workflowSpec.parse({
  schemaVersion: 1,
  name: "Take a message",
  direction: "inbound",
  entry: "greet",
  slots: [{ name: "message", type: "text" }],
  nodes: [
    { id: "greet", type: "say", text: "Thanks for calling {{business.name}}. Nobody can take your call right now." },
    { id: "ask_message", type: "ask", slot: "message", prompt: "Please leave your name, number and a short message, and we'll call you back." },
    { id: "save", type: "action", action: "take_message", args: { message: "{{slots.message}}" } },
    { id: "bye", type: "end", outcome: "message_taken", text: "Thank you, we'll get back to you soon. Goodbye." },
    { id: "bye_silent", type: "end", outcome: "no_response", text: "We didn't catch a message. Please call again. Goodbye." },
  ],
  edges: [
    { id: "e1", from: "greet", to: "ask_message" },
    { id: "e2", from: "ask_message", to: "save", on: "filled" },
    { id: "e3", from: "ask_message", to: "bye_silent", on: "exhausted" },
    { id: "e4", from: "save", to: "bye", on: "ok" },
    { id: "e5", from: "save", to: "bye", on: "error" },
  ],
});

async function businessVoice(tenantId: string) {
  const tenant = await withTenant({ tenantId }, (tx) => tx.tenant.findUnique({ where: { id: tenantId }, select: { settings: true } }));
  const settings = (tenant?.settings ?? {}) as Record<string, unknown>;
  return voiceSettings.parse(settings.voice ?? {});
}

export async function loadCallSetup(identity: CallIdentity): Promise<CallSetup> {
  if (identity.kind === "inbound") {
    const route = await resolveInboundCall(identity.dialledNumber);
    if (!route) throw new UnidentifiedCallError(`No business answers ${identity.dialledNumber}.`);
    const voice = await businessVoice(route.tenantId);
    return {
      tenantId: route.tenantId,
      direction: "inbound",
      workflowVersionId: route.workflow?.workflowVersionId ?? null,
      spec: route.workflow ? null : MESSAGE_TAKER_SPEC,
      callId: null,
      callerPhone: identity.callerNumber || undefined,
      contactId: null,
      persona: voice.persona,
      maxCallSeconds: voice.maxCallMinutes * 60,
      silenceTimeoutSeconds: voice.silenceTimeoutSeconds,
    };
  }
  const call = await withTenant({ tenantId: identity.tenantId }, (tx) =>
    tx.call.findFirst({
      where: { id: identity.callId, tenantId: identity.tenantId },
      select: { id: true, workflowVersionId: true, contactId: true, toNumber: true, metadata: true, endedAt: true },
    }),
  );
  if (!call) throw new UnidentifiedCallError(`Call ${identity.callId} does not exist.`);
  if (call.endedAt) throw new UnidentifiedCallError(`Call ${identity.callId} has already ended.`);
  const meta = (call.metadata ?? {}) as Record<string, unknown>;
  const carried = meta.spec ? workflowSpec.safeParse(meta.spec) : null;
  if (!call.workflowVersionId && !carried?.success) {
    throw new UnidentifiedCallError(`Call ${identity.callId} names no workflow version and carries no spec.`);
  }
  const voice = await businessVoice(identity.tenantId);
  return {
    tenantId: identity.tenantId,
    direction: identity.direction,
    workflowVersionId: call.workflowVersionId,
    spec: call.workflowVersionId ? null : carried!.success ? carried!.data : null,
    callId: call.id,
    callerPhone: call.toNumber || undefined,
    contactId: call.contactId,
    persona: voice.persona,
    maxCallSeconds: voice.maxCallMinutes * 60,
    silenceTimeoutSeconds: voice.silenceTimeoutSeconds,
  };
}

/** A speech provider failed mid-call (the fallback adapter has switched): show it on System status. */
export function recordProviderFailure(providerLabel: string, error: unknown): Promise<void> {
  return reportDependencyFailure(dependencyNameOfProvider(providerLabel), error);
}

/** Inbound calls get their Call row from the runtime: link it to the room so webhooks find it. */
export async function attachRoom(tenantId: string, callId: string, roomName: string): Promise<void> {
  await withTenant({ tenantId }, (tx) => tx.call.updateMany({ where: { id: callId, tenantId, roomName: null }, data: { roomName } }));
}
