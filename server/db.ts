// Prisma clients and the tenant-scoped transaction helper.
//
// `db` connects as the owner and switches to `switchboard_app` (no BYPASSRLS) on every pooled
// connection, so row-level security applies to everything it runs. Use it through
// `withTenant`, which sets `app.tenant_id` / `app.user_id` for one transaction; outside
// one those settings are empty and tenant tables return nothing.
// `systemDb` is the owner connection: for sign-in, sessions, jobs and the super-admin console,
// where work spans tenants by design.
import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient, Prisma } from "./db/generated/client";
import { logger } from "./logger";

export { Prisma };
export type { PrismaClient };
export type Tx = Prisma.TransactionClient;

export const APP_ROLE = "switchboard_app";

export function databaseUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is not set (the start script sets it for the embedded PostgreSQL)");
  return url;
}

interface Clients {
  db: PrismaClient;
  systemDb: PrismaClient;
  appPool: pg.Pool;
  systemPool: pg.Pool;
}

let clients: Clients | undefined;

function make(): Clients {
  const url = databaseUrl();
  // A caller waits at most 10 s for a free connection (withTenant's Prisma transactions have
  // their own 5 s maxWait; withTenantConnection relies on this), then gets an error.
  const appPool = new pg.Pool({ connectionString: url, max: 10, connectionTimeoutMillis: 10_000, onConnect: setRoleOnConnect(APP_ROLE) });
  const systemPool = new pg.Pool({ connectionString: url, max: 10 });
  watchConnectionErrors(appPool, "app");
  watchConnectionErrors(systemPool, "system");
  return {
    db: new PrismaClient({ adapter: new PrismaPg(appPool) }),
    systemDb: new PrismaClient({ adapter: new PrismaPg(systemPool) }),
    appPool,
    systemPool,
  };
}

/**
 * What the app pool runs on each new connection before handing it out: `SET ROLE`. pg-pool's
 * `onConnect` runs after its error listener is attached (a connection lost meanwhile is an error,
 * not a crash), and a connection whose hook fails is closed, never handed out: it would run as the
 * owner, past row-level security. (The SET ROLE used to be sent from the pool's "connect" event
 * with its failure ignored.) Not a startup option (`-c role=...`): PgBouncer refuses unknown
 * startup parameters, or with `ignore_startup_parameters` drops them silently.
 */
export function setRoleOnConnect(role: string) {
  return async (client: pg.ClientBase) => {
    await client.query(`SET ROLE ${pg.escapeIdentifier(role)}`);
  };
}

/**
 * pg emits "error" on a pooled client whose connection drops (database restart, network): with
 * no listener Node treats it as unhandled and the process dies. pg discards the broken client
 * itself, so logging is all that is left to do. graphile-worker warns at start when these
 * listeners are missing ("Your pool doesn't have all of the error handlers").
 */
function watchConnectionErrors(pool: pg.Pool, name: string) {
  const report = (idle: boolean) => (err: Error & { code?: string }) => {
    // 57P01 admin_shutdown: the server is stopping or failing over; a new connection is made on
    // the next query. Expected on every restart, so it is not worth a warning.
    const level = err.code === "57P01" ? "debug" : "warn";
    // Only message and code: the error object also carries the whole pg client.
    logger[level]({ pool: name, code: err.code, idle, error: err.message }, "database connection lost");
  };
  pool.on("error", report(true));
  pool.on("connect", (client) => client.on("error", report(false)));
}

function get(): Clients {
  clients ??= make();
  return clients;
}

/** Row-level-security client. Prefer `withTenant`. */
export function db(): PrismaClient {
  return get().db;
}

/** Owner client: bypasses row-level security. Only for work that spans tenants by design. */
export function systemDb(): PrismaClient {
  return get().systemDb;
}

/** The raw owner pool (graphile-worker, health checks). */
export function systemPool(): pg.Pool {
  return get().systemPool;
}

export interface TenantScope {
  tenantId: string;
  userId?: string | null;
}

/**
 * Runs `fn` in one transaction in which row-level security sees only `tenantId`'s rows
 * (and `userId`'s own user row and memberships).
 */
export async function withTenant<T>(
  scope: TenantScope,
  fn: (tx: Tx) => Promise<T>,
  options?: { timeout?: number; maxWait?: number },
): Promise<T> {
  return db().$transaction(
    async (tx) => {
      await tx.$executeRaw`SELECT set_config('app.tenant_id', ${scope.tenantId}, true), set_config('app.user_id', ${scope.userId ?? ""}, true)`;
      return fn(tx);
    },
    { timeout: options?.timeout ?? 15_000, maxWait: options?.maxWait ?? 5_000 },
  );
}

const DEFAULT_STATEMENT_TIMEOUT_MS = 30_000;

/**
 * `withTenant` on a plain pg connection of the app pool, for bulk work and for reads a caller
 * waits on: Prisma passes every parameter through its query compiler (~25 ms of CPU per
 * megabyte, which a 100,000-row CSV import pays fifty times over), and its transaction round
 * trips alone cost ~1.3-2.4 ms at the median, ~5-6 ms at p95 (the phone agent's knowledge
 * search has a 20 ms budget). Same role, same row-level security, one transaction; every
 * statement is limited to `statementTimeoutMs` (default 30 s).
 */
export async function withTenantConnection<T>(
  scope: TenantScope,
  fn: (client: pg.PoolClient) => Promise<T>,
  options: { statementTimeoutMs?: number } = {},
): Promise<T> {
  return onAppConnection(async (client) => {
    await client.query("BEGIN");
    await client.query(tenantSettingsSql("$1", "$2", "$3"), [
      scope.tenantId,
      scope.userId ?? "",
      String(options.statementTimeoutMs ?? DEFAULT_STATEMENT_TIMEOUT_MS),
    ]);
    const result = await fn(client);
    await client.query("COMMIT");
    return result;
  });
}

/** The tenant settings of a transaction (row-level security reads them), each value an SQL expression. */
function tenantSettingsSql(tenantId: string, userId: string, statementTimeoutMs: string): string {
  return `SELECT set_config('app.tenant_id', ${tenantId}, true), set_config('app.user_id', ${userId}, true), set_config('statement_timeout', ${statementTimeoutMs}, true)`;
}

/**
 * `fn` on a connection of the app pool. A failure rolls back the transaction it left open; a
 * connection that could not even roll back is not handed to the next caller.
 */
async function onAppConnection<T>(fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await get().appPool.connect();
  let broken = false;
  try {
    return await fn(client);
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {
      broken = true;
    });
    throw error;
  } finally {
    client.release(broken);
  }
}

/** A statement `readAsTenant` prepares once per connection: its name, SQL and parameter types. */
export interface PreparedRead {
  name: string;
  text: string;
  types: string[];
}

const preparedOn = new WeakMap<pg.PoolClient, Set<string>>();

/**
 * One read as the tenant in a single round trip, for reads a caller waits on (the phone agent's
 * knowledge search): BEGIN, the tenant settings, EXECUTE of `statement` (PREPAREd the first time
 * a connection runs it) and COMMIT go as one simple query, the arguments as escaped literals.
 * `withTenantConnection` takes four round trips: ~3 ms of the knowledge search's p95 on a
 * loaded machine (docs/performance.md). Same role, row-level security and statement timeout.
 */
export async function readAsTenant<R extends pg.QueryResultRow>(scope: TenantScope, statement: PreparedRead, args: (string | number)[]): Promise<R[]> {
  return onAppConnection(async (client) => {
    const prepared = preparedOn.get(client) ?? new Set<string>();
    preparedOn.set(client, prepared);
    if (!prepared.has(statement.name)) {
      await client.query(`PREPARE ${statement.name}(${statement.types.join(", ")}) AS ${statement.text}`);
      prepared.add(statement.name);
    }
    const literal = (v: string | number) => (typeof v === "number" ? String(Math.trunc(v)) : client.escapeLiteral(v));
    const settings = tenantSettingsSql(literal(scope.tenantId), literal(scope.userId ?? ""), literal(String(DEFAULT_STATEMENT_TIMEOUT_MS)));
    // A failure leaves the rest of the query string unrun and the transaction open: onAppConnection rolls it back.
    const results = (await client.query(
      `BEGIN; ${settings}; EXECUTE ${statement.name}(${args.map(literal).join(", ")}); COMMIT`,
    )) as unknown as pg.QueryResult<R>[];
    return results[2]!.rows;
  });
}

export async function disconnectDb() {
  if (!clients) return;
  const c = clients;
  clients = undefined;
  await Promise.allSettled([c.db.$disconnect(), c.systemDb.$disconnect()]);
  await Promise.allSettled([c.appPool.end(), c.systemPool.end()]);
}
