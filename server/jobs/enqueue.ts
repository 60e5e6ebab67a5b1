// How web and service code queues background work. Jobs run as the database owner, so this
// goes through graphile-worker's WorkerUtils on the owner pool (the app role has no rights on
// the graphile_worker schema). For work that must commit with your data, prefer a trigger or
// graphile_worker.add_job in the same transaction (see the EmailOutbox wake trigger).
import { makeWorkerUtils, type Job, type WorkerUtils } from "graphile-worker";
import type pg from "pg";
import { systemPool } from "../db";
import { jobsLogger } from "./logger";

declare global {
  // graphile-worker reads payload types from here, so addJob("send_email", ...) is type-checked.
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace GraphileWorker {
    interface Tasks {
      send_email: { id: string };
      import_contacts: { tenantId: string; importId: string };
      import_invoices: { tenantId: string; importId: string };
      // Cron tasks: graphile-worker adds { _cron: { ts, backfilled } } to their payload.
      email_outbox_sweep: Record<string, unknown>;
      cleanup_sessions: Record<string, unknown>;
      purge_audit_log: Record<string, unknown>;
      mark_overdue_invoices: Record<string, unknown>;
      // Outbound campaigns (issue #6)
      dispatch_call: { tenantId: string; taskId: string };
      plan_reminders: Record<string, unknown>;
      plan_collections: Record<string, unknown>;
      plan_list_campaigns: Record<string, unknown>;
      dispatch_due_calls: Record<string, unknown>;
      post_call: { tenantId: string; callId: string }; // issue #5 post-call work (helper V)
    }
  }
}

export type JobName = keyof GraphileWorker.Tasks;

export interface AddJobOptions {
  /** De-duplicates: a second add with the same key replaces the waiting job instead of adding one. */
  jobKey?: string;
  runAt?: Date;
  maxAttempts?: number;
  /** Jobs in one queue run one at a time, in order. */
  queueName?: string;
}

let cached: { pool: pg.Pool; utils: Promise<WorkerUtils> } | undefined;

function workerUtils(): Promise<WorkerUtils> {
  const pool = systemPool();
  // A new pool means the old one was closed (tests, shutdown): utils bound to it are useless.
  if (cached?.pool !== pool) {
    const utils = makeWorkerUtils({ pgPool: pool, logger: jobsLogger });
    cached = { pool, utils };
    // A failed start (database down) must not be cached forever.
    utils.catch(() => {
      if (cached?.utils === utils) cached = undefined;
    });
  }
  return cached.utils;
}

export async function addJob<K extends JobName>(
  name: K,
  payload: GraphileWorker.Tasks[K],
  options: AddJobOptions = {},
): Promise<Job> {
  const utils = await workerUtils();
  // graphile-worker's own signature is the same type, spelled as a conditional TS cannot match.
  return utils.addJob(name, payload as never, options);
}

/** Releases the WorkerUtils (at shutdown, before the pool is closed). */
export async function releaseJobUtils(): Promise<void> {
  const c = cached;
  cached = undefined;
  if (c) await (await c.utils.catch(() => null))?.release();
}
