// Browser voice test (issue #5): a staff member talks to a workflow with their microphone.
// When LiveKit is configured: a test Call row (direction "test", metadata.voiceTest), a room
// "test-<callId>", an agent dispatch carrying { callId, tenantId, direction: "test" } (the worker
// identifies the call from it, like an outbound call), and a short-lived room-join token for the
// browser, which joins with livekit-client (app/components/voice-test/voice-test-panel.tsx).
// The agent runs the published version picked, or the saved draft (stored in Call.metadata.spec,
// as the runtime does for ad-hoc specs). Post-call work runs for it but sends no e-mails.
import { AccessToken } from "livekit-server-sdk";
import { z } from "zod";
import type { Prisma } from "../db";
import { withTenant } from "../db";
import { recordAudit } from "../audit/log";
import { logger } from "../logger";
import { validateSpec } from "../../agents/graphs/validate";
import { workflowSpec } from "../../agents/graphs/spec";
import { livekit, TelephonyNotConfiguredError, type LivekitClients } from "./livekit";

const id = z.string().trim().min(1).max(64);

export const voiceTestInput = z.object({
  workflowId: id,
  /** "draft" (the saved draft) or a published version's id. */
  target: z.union([z.literal("draft"), id]),
  contactId: id.nullish(),
  callerPhone: z.string().trim().max(32).nullish(),
});

export interface VoiceTestScope {
  tenantId: string;
  actorId: string;
  actorName?: string;
  ip?: string | null;
}

export class VoiceTestError extends Error {
  constructor(
    readonly code: "NOT_FOUND" | "INVALID" | "NOT_CONFIGURED",
    message: string,
  ) {
    super(message);
    this.name = "VoiceTestError";
  }
}

/** Seconds the browser's token may be used to join (the session itself may last longer). */
export const VOICE_TEST_TOKEN_TTL_SEC = 600;

export function testRoomName(callId: string) {
  return `test-${callId}`;
}

/** The browser connects over WebSocket: ws(s):// for an http(s):// server URL. */
export function browserUrl(url: string) {
  return url.replace(/^http(s?):\/\//, "ws$1://");
}

export interface VoiceTestAvailability {
  configured: boolean;
  unlocks: string;
  missing: string[];
}

export function voiceTestAvailability(clients: LivekitClients | null = livekit()): VoiceTestAvailability {
  return {
    configured: clients !== null,
    unlocks: "Talk to this workflow with your microphone and hear the agent's real voice (speech-to-text, text-to-speech, barge-in), exactly as callers will.",
    missing: clients ? [] : ["LIVEKIT_URL", "LIVEKIT_API_KEY", "LIVEKIT_API_SECRET"],
  };
}

export interface VoiceTestSession {
  callId: string;
  roomName: string;
  /** wss:// URL for livekit-client's Room.connect. */
  url: string;
  token: string;
  identity: string;
  expiresAt: string;
  dispatchId: string;
}

export async function startVoiceTest(
  scope: VoiceTestScope,
  raw: z.input<typeof voiceTestInput>,
  opts: { clients?: LivekitClients | null; now?: Date; ttlSeconds?: number } = {},
): Promise<VoiceTestSession> {
  const input = voiceTestInput.parse(raw);
  const clients = opts.clients === undefined ? livekit() : opts.clients;
  if (!clients) throw new VoiceTestError("NOT_CONFIGURED", new TelephonyNotConfiguredError().message);
  const now = opts.now ?? new Date();

  const call = await withTenant({ tenantId: scope.tenantId, userId: scope.actorId }, async (tx) => {
    const wf = await tx.workflow.findFirst({ where: { id: input.workflowId, tenantId: scope.tenantId }, select: { id: true, draft: true } });
    if (!wf) throw new VoiceTestError("NOT_FOUND", "Workflow not found.");
    let versionId: string | null = null;
    let spec: unknown = undefined;
    if (input.target === "draft") {
      const validation = validateSpec(wf.draft);
      if (!validation.ok || !validation.spec) {
        const first = validation.problems.find((p) => p.severity === "error");
        throw new VoiceTestError("INVALID", `The draft has problems to fix first${first ? `: ${first.message}` : "."}`);
      }
      spec = validation.spec;
    } else {
      const version = await tx.workflowVersion.findFirst({ where: { id: input.target, workflowId: wf.id, tenantId: scope.tenantId }, select: { id: true, spec: true } });
      if (!version) throw new VoiceTestError("NOT_FOUND", "That version does not belong to this workflow.");
      workflowSpec.parse(version.spec);
      versionId = version.id;
    }
    // Foreign keys are checked without row-level security: the contact must be this business's.
    let callerPhone = input.callerPhone || "";
    if (input.contactId) {
      const contact = await tx.contact.findFirst({ where: { id: input.contactId, tenantId: scope.tenantId }, select: { phone: true } });
      if (!contact) throw new VoiceTestError("NOT_FOUND", "Contact not found.");
      callerPhone = contact.phone ?? callerPhone;
    }
    const created = await tx.call.create({
      data: {
        tenantId: scope.tenantId,
        direction: "test",
        status: "queued",
        workflowId: wf.id,
        workflowVersionId: versionId,
        contactId: input.contactId ?? null,
        fromNumber: callerPhone,
        startedAt: now,
        metadata: { voiceTest: true, startedBy: scope.actorId, target: input.target, ...(spec ? { spec } : {}) } as Prisma.InputJsonValue,
      },
      select: { id: true },
    });
    const roomName = testRoomName(created.id);
    await tx.call.update({ where: { id: created.id }, data: { roomName } });
    await recordAudit(tx, {
      tenantId: scope.tenantId,
      actorId: scope.actorId,
      action: "call.voice_test_started",
      targetType: "Call",
      targetId: created.id,
      ip: scope.ip ?? undefined,
      meta: { workflowId: wf.id, target: input.target },
    });
    return { id: created.id, roomName };
  });

  const metadata = JSON.stringify({ callId: call.id, tenantId: scope.tenantId, direction: "test" });
  let dispatchId: string;
  try {
    await clients.rooms.createRoom({ name: call.roomName, emptyTimeout: 60, departureTimeout: 10, metadata });
    dispatchId = (await clients.dispatch.createDispatch(call.roomName, clients.config.agentName, { metadata })).id;
  } catch (error) {
    const message = `LiveKit room/agent setup failed: ${(error as Error).message}`.slice(0, 500);
    logger.warn({ callId: call.id, error: message }, "voice test could not start");
    await withTenant({ tenantId: scope.tenantId }, (tx) =>
      tx.call.update({ where: { id: call.id }, data: { status: "failed", endedAt: new Date(), placementError: message } }),
    );
    throw error;
  }
  await withTenant({ tenantId: scope.tenantId }, (tx) => tx.call.update({ where: { id: call.id }, data: { livekitDispatchId: dispatchId } }));

  const ttl = opts.ttlSeconds ?? VOICE_TEST_TOKEN_TTL_SEC;
  const identity = `web-${scope.actorId}-${call.id.slice(-6)}`;
  const token = new AccessToken(clients.config.apiKey, clients.config.apiSecret, {
    identity,
    name: scope.actorName ?? "Voice test",
    ttl,
    attributes: { "switchboard.callId": call.id, "switchboard.role": "voice_test" },
  });
  token.addGrant({ roomJoin: true, room: call.roomName, canPublish: true, canSubscribe: true, canPublishData: true });
  return {
    callId: call.id,
    roomName: call.roomName,
    url: browserUrl(clients.config.url),
    token: await token.toJwt(),
    identity,
    expiresAt: new Date(Date.now() + ttl * 1000).toISOString(),
    dispatchId,
  };
}
