// Starts graphile-worker with Switchboard's task list and crontab. Used by `npm start`
// (in-process) and `npm run worker` (its own process in production).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { run, type Runner, type TaskList } from "graphile-worker";
import type pg from "pg";

export const taskList: TaskList = {};

export interface WorkerHandle {
  running(): boolean;
  stop(): Promise<void>;
  runner: Runner;
}

export async function startWorker(opts: { pgPool: pg.Pool; concurrency: number }): Promise<WorkerHandle> {
  const crontab = readFileSync(join(process.cwd(), "jobs", "crontab"), "utf8");
  let alive = true;
  const runner = await run({
    pgPool: opts.pgPool,
    concurrency: opts.concurrency,
    noHandleSignals: true,
    pollInterval: 1000,
    taskList,
    crontab,
  });
  runner.promise.finally(() => {
    alive = false;
  });
  return {
    runner,
    running: () => alive,
    stop: async () => {
      alive = false;
      await runner.stop();
    },
  };
}
