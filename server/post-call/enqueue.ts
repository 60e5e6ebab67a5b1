// Queues the post_call job (jobs/tasks/post_call.ts) for a call, inside the caller's transaction:
// the job commits with whatever ended the call, and vanishes with it on rollback. The SQL
// function enqueue_post_call (migration 20261203090000_post_call) runs as the database owner,
// since the app role has no rights on graphile_worker. Job key "post_call:<callId>": a second
// enqueue (runtime end + LiveKit room_finished) replaces the waiting job, never adds one.
// Simulated calls (simulator, text test page) get no post-call work.
import type { PrismaClient, Tx } from "../db";

export function postCallJobKey(callId: string): string {
  return `post_call:${callId}`;
}

/**
 * Queue post-call work for `callId` (visible to `tx`: a tenant transaction or the owner client).
 * `delaySeconds` lets the other side (runtime / webhook) finish writing first. Returns false when
 * nothing was queued (unknown or simulated call, or graphile-worker not installed yet).
 */
export async function enqueuePostCall(tx: Tx | PrismaClient, callId: string, opts: { delaySeconds?: number } = {}): Promise<boolean> {
  const call = await tx.call.findUnique({ where: { id: callId }, select: { tenantId: true, simulated: true } });
  if (!call || call.simulated) return false;
  const rows = await tx.$queryRaw<{ queued: boolean }[]>`
    SELECT enqueue_post_call(${call.tenantId}, ${callId}, ${Math.max(0, Math.round(opts.delaySeconds ?? 5))}::int) AS queued`;
  return rows[0]?.queued === true;
}
