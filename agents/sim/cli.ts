// `npm run call:sim -- <scenario.json>`: one simulated conversation, no network. Prints ONE JSON
// object to stdout (logs go to stderr). An invalid scenario exits 1 with a readable error.
//
// Scenario file: { "workflow": "<template key | workflow id | path to a spec file>",
//   "direction": "inbound"|"outbound", "tenant": "<slug, optional>", "caller": "+E164",
//   "now": "<ISO, optional>", "answeredBy": "human"|"voicemail", "setup": {...}, "turns": [...],
//   "expect": {...optional} }
// Database: DATABASE_URL when set, else a private embedded PostgreSQL in $DATA_DIR/sim (own port).
import { existsSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import { join, resolve } from "node:path";
import { z } from "zod";

const scenarioFile = z
  .object({
    workflow: z.string({ required_error: 'Give "workflow": a template key, a workflow id or a path to a spec file' }).min(1),
    tenant: z.string().min(1).optional(),
  })
  .passthrough();

function fail(message: string): never {
  process.stderr.write(`call:sim: ${message}\n`);
  process.exit(1);
}

function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const server = createServer();
    server.once("error", rej);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => res(port));
    });
  });
}

function issues(err: z.ZodError): string {
  return err.issues.map((i) => `  - ${i.path.join(".") || "(file)"}: ${i.message}`).join("\n");
}

const t0 = Date.now();
const say = (m: string) => process.stderr.write(`[${((Date.now() - t0) / 1000).toFixed(1)}s] ${m}\n`);

async function main() {
  const file = process.argv.slice(2).find((a) => a !== "--");
  if (!file) fail("usage: npm run call:sim -- <scenario.json>");
  if (!existsSync(file)) fail(`no such file: ${file}`);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, "utf8"));
  } catch (err) {
    fail(`${file} is not valid JSON: ${(err as Error).message}`);
  }
  const head = scenarioFile.safeParse(raw);
  if (!head.success) fail(`invalid scenario ${file}:\n${issues(head.error)}`);
  const { workflow, tenant, ...rest } = head.data;

  // Logs must not reach stdout: quiet the app logger before anything loads it. The database
  // settings must be in place before server/env is first read (it is cached).
  process.env.LOG_LEVEL ??= "silent";
  if (!process.env.DATABASE_URL) {
    process.env.DATA_DIR = join(process.env.DATA_DIR ?? ".data", "sim");
    process.env.EMBEDDED_PG_PORT = String(await freePort());
  }
  const { workflowSpec } = await import("../graphs/spec");
  const { runnableScenario, runScenario } = await import("./run-scenario");
  const scenario = runnableScenario.safeParse({ name: "call:sim", ...rest });
  if (!scenario.success) fail(`invalid scenario ${file}:\n${issues(scenario.error)}`);

  // The workflow: a spec file, a template, or (below, with the database) a workflow id.
  let spec: z.output<typeof workflowSpec> | undefined;
  const specPath = resolve(join(file, ".."), workflow);
  if (/\.json$/i.test(workflow) || existsSync(specPath)) {
    if (!existsSync(specPath)) fail(`workflow spec file not found: ${specPath}`);
    const parsed = workflowSpec.safeParse(JSON.parse(readFileSync(specPath, "utf8")));
    if (!parsed.success) fail(`invalid workflow spec ${specPath}:\n${issues(parsed.error)}`);
    spec = parsed.data;
  } else {
    const { getTemplate } = await import("../templates/index");
    spec = getTemplate(workflow)?.spec;
  }

  const { bootDatabase, migrate } = await import("../../server/boot");
  const { systemDb, disconnectDb } = await import("../../server/db");
  const database = await bootDatabase(say);
  let code = 0;
  try {
    await migrate(database.url, say);
    say("database ready");
    let tenantId: string | undefined;
    if (tenant) {
      const t = await systemDb().tenant.findUnique({ where: { slug: tenant }, select: { id: true } });
      if (!t) throw new Error(`no business with slug "${tenant}"`);
      tenantId = t.id;
    }
    let workflowVersionId: string | undefined;
    if (!spec) {
      const rows = await systemDb().$queryRaw<{ currentVersionId: string | null; tenantId: string }[]>`
        SELECT "currentVersionId", "tenantId" FROM "Workflow" WHERE id = ${workflow} LIMIT 1`;
      const row = rows[0];
      if (!row) throw new Error(`"${workflow}" is not a template key, a workflow id or a spec file`);
      if (!row.currentVersionId) throw new Error(`workflow ${workflow} has no published version`);
      if (tenantId && tenantId !== row.tenantId) throw new Error(`workflow ${workflow} belongs to another business`);
      tenantId = row.tenantId;
      workflowVersionId = row.currentVersionId;
    }
    const result = await runScenario({ spec, workflowVersionId, scenario: scenario.data, tenantId, log: say });
    say("conversation done");
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  } catch (err) {
    process.stderr.write(`call:sim: ${(err as Error).message}\n`);
    code = 1;
  } finally {
    await disconnectDb();
    await database.stop();
  }
  process.exit(code);
}

await main();
