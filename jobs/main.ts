// `npm run worker`: the job worker on its own (production's `worker` process group). Brings the
// database up and migrated like `npm start`, then runs graphile-worker until SIGINT/SIGTERM.
import { bootDatabase, migrate } from "../server/boot";
import { env } from "../server/env";
import { logger } from "../server/logger";

async function main() {
  const e = env();
  const log = (msg: string) => logger.info(msg);
  const database = await bootDatabase(log);
  await migrate(database.url, log);

  // Imported after boot: the database clients read DATABASE_URL, which boot may have just set.
  const { systemPool, disconnectDb } = await import("../server/db");
  const { startWorker } = await import("./runner");
  const worker = await startWorker({ pgPool: systemPool(), concurrency: e.WORKER_CONCURRENCY });
  log(`job worker running (concurrency ${e.WORKER_CONCURRENCY})${e.SMTP_URL ? "" : "; SMTP_URL not set, mail stays in the outbox"}`);

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: stopping the job worker`);
    await worker.stop().catch((err: unknown) => logger.error({ err }, "worker stop failed"));
    await disconnectDb();
    await database.stop();
    process.exit(0);
  };
  process.on("SIGINT", () => void shutdown("SIGINT"));
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  // If the worker dies on its own (database gone for good), exit so the platform restarts us.
  worker.runner.promise.catch(async (err: unknown) => {
    if (stopping) return;
    logger.error({ err }, "job worker crashed");
    await disconnectDb();
    await database.stop();
    process.exit(1);
  });
}

main().catch((err) => {
  console.error(`Switchboard worker could not start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
