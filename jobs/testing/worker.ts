// Tests only: graphile-worker against the test database, for real: its schema, one pass over
// the due jobs (runOnce), and a look at the job table.
import { runMigrations, runOnce, type TaskList } from "graphile-worker";
import { systemPool } from "../../server/db";
import { jobsLogger } from "../../server/jobs/logger";
import { taskList } from "../runner";

export async function installWorkerSchema() {
  await runMigrations({ pgPool: systemPool(), logger: jobsLogger });
}

/** Runs every due job whose task is in `tasks` (all of Switchboard's by default), then returns. */
export async function runDueJobs(tasks: TaskList = taskList) {
  await runOnce({ pgPool: systemPool(), taskList: tasks, logger: jobsLogger, noHandleSignals: true });
}

export interface JobRow {
  id: string;
  task_identifier: string;
  attempts: number;
  max_attempts: number;
  last_error: string | null;
  run_at: Date;
  revision: number;
}

export async function jobByKey(key: string): Promise<JobRow | null> {
  const { rows } = await systemPool().query<JobRow>(
    `SELECT id, task_identifier, attempts, max_attempts, last_error, run_at, revision
       FROM graphile_worker.jobs WHERE key = $1`,
    [key],
  );
  return rows[0] ?? null;
}

/** Makes a waiting job due now, optionally as if it had already been tried `attempts` times. */
export async function makeDue(jobId: string, attempts?: number) {
  await systemPool().query(
    `SELECT graphile_worker.reschedule_jobs(ARRAY[$1::bigint], run_at := now(), attempts := $2::int)`,
    [jobId, attempts ?? null],
  );
}
