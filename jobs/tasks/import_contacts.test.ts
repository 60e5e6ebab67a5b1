import { copyFileSync, existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { JobHelpers } from "graphile-worker";
import { describe, expect, it } from "vitest";
import { systemDb } from "../../server/db";
import { newBusiness } from "../../server/contacts/test-helpers";
import importContactsTask from "./import_contacts";

const helpers = { logger: { info() {}, debug() {}, warn() {}, error() {} }, job: { attempts: 1, max_attempts: 25 } } as unknown as JobHelpers;

function upload(fixture: string): string {
  const path = join(mkdtempSync(join(tmpdir(), "contacts-import-")), fixture);
  copyFileSync(join(import.meta.dirname, "..", "..", "server", "contacts", "fixtures", fixture), path);
  return path;
}

describe("import_contacts task", () => {
  it("imports the uploaded file, stores the result and the rejected rows, and removes the file", async () => {
    const biz = await newBusiness();
    const storagePath = upload("bad-rows.csv");
    const record = await systemDb().contactImport.create({ data: { tenantId: biz.id, fileName: "bad-rows.csv", storagePath } });
    await importContactsTask({ tenantId: biz.id, importId: record.id }, helpers);
    const done = await systemDb().contactImport.findUniqueOrThrow({ where: { id: record.id } });
    expect(done).toMatchObject({ status: "completed", processedRows: 7, created: 2, rejectedCount: 5, error: null });
    expect(done.rejections).toMatchObject({ headers: ["first name", "last name", "phone", "email", "do not call", "country"], rows: [{ line: 3 }, {}, {}, {}, {}] });
    expect(existsSync(storagePath)).toBe(false);
    expect(await systemDb().contact.count({ where: { tenantId: biz.id } })).toBe(2);
  });

  it("marks an import whose file cannot be read failed, and rethrows so the job retries", async () => {
    const biz = await newBusiness();
    const storagePath = upload("bad-rows.csv");
    const record = await systemDb().contactImport.create({
      data: { tenantId: biz.id, fileName: "x.csv", storagePath: join(storagePath, "..", "missing.csv") },
    });
    await expect(importContactsTask({ tenantId: biz.id, importId: record.id }, helpers)).rejects.toThrow();
    const failed = await systemDb().contactImport.findUniqueOrThrow({ where: { id: record.id } });
    expect(failed).toMatchObject({ status: "failed", error: "The import failed; nothing was imported. Please try again." });
  });
});
