// `npm start`: database (embedded unless DATABASE_URL is set), migrations, demo data on first
// run, the job worker (unless RUN_WORKER=false) and the web server, in one process; and the
// LiveKit agent worker as a child process when LiveKit is configured (RUN_AGENT=false skips it).
import { spawn, type ChildProcess } from "node:child_process";
import type { Server } from "node:http";
import { pathToFileURL } from "node:url";
import { join } from "node:path";
import type { ServerBuild } from "@remix-run/node";
import { bootDatabase, migrate, ROOT } from "./boot";
import { env, appUrl } from "./env";
import { logger } from "./logger";

async function main() {
  const e = env();
  const log = (msg: string) => logger.info(msg);
  const database = await bootDatabase(log);
  const result = await migrate(database.url, log);
  log(`migrations: ${result.applied.length} applied, ${result.alreadyApplied} already current`);

  const { systemDb, systemPool, disconnectDb } = await import("./db");
  let demo: { email: string; password: string } | null = null;
  if (e.SEED_DEMO) {
    const { seedDemoIfEmpty } = await import("../prisma/seed");
    demo = await seedDemoIfEmpty(systemDb());
  }

  let stopping = false;
  let worker: { running(): boolean; stop(): Promise<void> } | null = null;
  if (e.RUN_WORKER) {
    const { startWorker } = await import("../jobs/runner");
    worker = await startWorker({ pgPool: systemPool(), concurrency: e.WORKER_CONCURRENCY });
  }

  // The voice agent runs in its own process (LiveKit's worker forks one process per call and
  // loads native audio and VAD models): started here only when there is a LiveKit to talk to.
  let agent: ChildProcess | null = null;
  const livekitConfigured = Boolean(e.LIVEKIT_URL && e.LIVEKIT_API_KEY && e.LIVEKIT_API_SECRET);
  if (livekitConfigured && e.RUN_AGENT) {
    agent = spawn(process.execPath, ["--import", "tsx", join(ROOT, "agents", "worker.ts"), "start"], {
      stdio: "inherit",
      env: { ...process.env, DATABASE_URL: database.url },
    });
    agent.on("exit", (code, signal) => {
      if (!stopping) logger.error({ code, signal }, "the voice agent worker stopped; phone calls are not answered until restart");
    });
  }

  const { createHttpApp } = await import("./http/app");
  const buildDir = process.env.BUILD_DIR ? join(ROOT, process.env.BUILD_DIR) : join(ROOT, "build");
  const build = (await import(pathToFileURL(join(buildDir, "index.js")).href)) as ServerBuild;
  const app = createHttpApp({
    build,
    root: ROOT,
    assetsDir: process.env.BUILD_DIR ? join(buildDir, "assets") : join(ROOT, "public", "build"),
    worker: worker ? { mode: "embedded", running: () => worker!.running() } : { mode: "external", running: () => true },
  });
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(e.PORT, e.HOST, () => resolve(s));
  });

  const url = appUrl();
  const lines = [
    "",
    `  Switchboard is running at ${url}`,
    database.embedded ? `  Database: embedded PostgreSQL (data in ${e.DATA_DIR}/postgres)` : "  Database: DATABASE_URL",
    worker ? "  Jobs: running in this process" : "  Jobs: RUN_WORKER=false (run `npm run worker` separately)",
    agent
      ? "  Voice agent: running (LiveKit configured)"
      : "  Voice agent: off (set LIVEKIT_URL, LIVEKIT_API_KEY and LIVEKIT_API_SECRET for real calls; docs/telephony.md)",
  ];
  if (demo) lines.push(`  Demo login: ${demo.email} / ${demo.password}`);
  lines.push("  Press Ctrl-C to stop.", "");
  process.stdout.write(lines.join("\n") + "\n");

  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: shutting down`);
    await new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections?.();
    agent?.kill("SIGTERM");
    await worker?.stop().catch((err) => logger.error({ err }, "worker stop failed"));
    await disconnectDb();
    await database.stop();
    process.exit(0);
  };
  process.on("SIGINT", () => void shutdown("SIGINT"));
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
}

main().catch((err) => {
  console.error(`Switchboard could not start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
