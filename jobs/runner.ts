// Starts graphile-worker with Switchboard's task list and crontab. Used by `npm start`
// (in-process) and `npm run worker` (its own process in production).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { run, type Runner, type Task, type TaskList } from "graphile-worker";
import type pg from "pg";
import { jobsLogger } from "../server/jobs/logger";
import type { JobName } from "../server/jobs/enqueue";
import cleanupSessions from "./tasks/cleanup_sessions";
import emailOutboxSweep from "./tasks/email_outbox_sweep";
import importContacts from "./tasks/import_contacts";
import importInvoices from "./tasks/import_invoices";
import purgeAuditLog from "./tasks/purge_audit_log";
import markOverdueInvoices from "./tasks/mark_overdue_invoices";
import sendEmail from "./tasks/send_email";
import planReminders from "./tasks/plan_reminders";
import planCollections from "./tasks/plan_collections";
import planListCampaigns from "./tasks/plan_list_campaigns";
import dispatchCall from "./tasks/dispatch_call";
import dispatchDueCalls from "./tasks/dispatch_due_calls";
import postCall from "./tasks/post_call";

/** Every task, by the identifier jobs and the crontab use. Typed so a task cannot go missing. */
export const taskList: { [K in JobName]: Task<K> } & TaskList = {
  send_email: sendEmail,
  import_contacts: importContacts,
  import_invoices: importInvoices,
  email_outbox_sweep: emailOutboxSweep,
  cleanup_sessions: cleanupSessions,
  purge_audit_log: purgeAuditLog,
  mark_overdue_invoices: markOverdueInvoices,
  plan_reminders: planReminders,
  plan_collections: planCollections,
  plan_list_campaigns: planListCampaigns,
  dispatch_call: dispatchCall,
  dispatch_due_calls: dispatchDueCalls,
  post_call: postCall,
};

export const CRONTAB_PATH = join(process.cwd(), "jobs", "crontab");

export interface WorkerHandle {
  running(): boolean;
  stop(): Promise<void>;
  runner: Runner;
}

export async function startWorker(opts: {
  pgPool: pg.Pool;
  concurrency: number;
  /** Defaults to jobs/crontab; tests pass "" to run without schedules. */
  crontab?: string;
  pollInterval?: number;
}): Promise<WorkerHandle> {
  const crontab = opts.crontab ?? readFileSync(CRONTAB_PATH, "utf8");
  let alive = true;
  const runner = await run({
    pgPool: opts.pgPool,
    concurrency: opts.concurrency,
    // The process owns SIGINT/SIGTERM (server/main.ts, jobs/main.ts) and stops us in order.
    noHandleSignals: true,
    pollInterval: opts.pollInterval ?? 2000,
    logger: jobsLogger,
    taskList,
    crontab,
  });
  runner.promise.then(
    () => {
      alive = false;
    },
    (err: unknown) => {
      alive = false;
      jobsLogger.error(`worker stopped unexpectedly: ${err instanceof Error ? err.message : String(err)}`);
    },
  );
  return {
    runner,
    running: () => alive,
    stop: async () => {
      if (!alive) return;
      alive = false;
      // Graceful: running jobs finish (or are released after a timeout), then the pool is freed.
      await runner.stop();
    },
  };
}
