import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { systemDb, withTenant } from "../db";
import { importDncCsv, previewDncImport } from "./dnc-import";
import { appointmentAt, campaignOf, outboundBusiness } from "./test-helpers";

describe("do-not-call CSV import", () => {
  it("adds numbers, counts duplicates, rejects bad lines with their line numbers and blocks waiting calls", async () => {
    const b = await outboundBusiness();
    const sys = systemDb();
    await sys.doNotCallEntry.create({ data: { tenantId: b.tenant.id, phone: "+14155550101", source: "manual" } });
    const campaign = await campaignOf(b, "reminder");
    const appt = await appointmentAt(b, new Date(Date.now() + 48 * 3_600_000));
    const task = await sys.callTask.create({
      data: { tenantId: b.tenant.id, campaignId: campaign.id, subjectType: "appointment", subjectId: appt.id, contactId: b.contact.id, phone: "+14155550102", dueAt: new Date(), nextAttemptAt: new Date() },
    });
    const csv = [
      "Name,Phone Number,Notes",
      "Ann,(415) 555-0101,already listed",
      "Bob,415-555-0102,asked by e-mail",
      "Cid,not a number,",
      "Dee,+1 415 555 0102,again in the file",
      ",,",
      "Eve,+44 20 7946 0958,UK",
      "Fay,,",
    ].join("\n");
    const out = await withTenant({ tenantId: b.tenant.id }, (db) => importDncCsv({ db, tenantId: b.tenant.id, actorId: null }, Readable.from([csv])));
    expect(out).toMatchObject({ processedRows: 6, created: 2, skipped: 2, rejectedCount: 2, headers: ["Name", "Phone Number", "Notes"] });
    expect(out.rejections.map((r) => [r.line, r.reason.split(":")[0], r.raw[0]])).toEqual([
      [4, "phone", "Cid"],
      [8, "phone", "Fay"],
    ]);
    const entries = await sys.doNotCallEntry.findMany({ where: { tenantId: b.tenant.id }, orderBy: { phone: "asc" } });
    expect(entries.map((e) => [e.phone, e.source, e.reason])).toEqual([
      ["+14155550101", "manual", ""],
      ["+14155550102", "import", "asked by e-mail"],
      ["+442079460958", "import", "UK"],
    ]);
    expect(await sys.callTask.findUniqueOrThrow({ where: { id: task.id } })).toMatchObject({ state: "blocked", reasonCode: "dnc_list" });
    expect(await sys.auditLog.count({ where: { tenantId: b.tenant.id, action: "dnc.imported" } })).toBe(1);

    // Importing the same file again adds nothing.
    const again = await withTenant({ tenantId: b.tenant.id }, (db) => importDncCsv({ db, tenantId: b.tenant.id, actorId: null }, Readable.from([csv])));
    expect(again).toMatchObject({ created: 0, skipped: 4, rejectedCount: 2 });
  });

  it("reads a bare column of numbers without a header and honours an explicit mapping", async () => {
    const b = await outboundBusiness();
    const ctx = (db: Parameters<Parameters<typeof withTenant>[1]>[0]) => ({ db, tenantId: b.tenant.id, actorId: null });
    const bare = "4155550111\n4155550112\n";
    const preview = await withTenant({ tenantId: b.tenant.id }, (db) => previewDncImport(ctx(db), { sample: bare }));
    expect(preview).toMatchObject({ headers: ["Column 1"], mapping: { "0": "phone" }, missing: [] });
    expect(preview.rows.map((r) => [r.line, r.problem])).toEqual([[1, null], [2, null]]);
    const out = await withTenant({ tenantId: b.tenant.id }, (db) => importDncCsv(ctx(db), Readable.from([bare])));
    expect(out).toMatchObject({ processedRows: 2, created: 2, rejectedCount: 0 });

    const odd = "a;b\n+14155550113;spam complaint\nfoo;x\n";
    const p2 = await withTenant({ tenantId: b.tenant.id }, (db) => previewDncImport(ctx(db), { sample: odd }));
    expect(p2.missing).toEqual(["phone"]);
    const p3 = await withTenant({ tenantId: b.tenant.id }, (db) => previewDncImport(ctx(db), { sample: odd, mapping: { "0": "phone", "1": "reason" } }));
    expect(p3.rows.map((r) => r.problem?.column ?? null)).toEqual([null, 0]);
    const out2 = await withTenant({ tenantId: b.tenant.id }, (db) => importDncCsv(ctx(db), Readable.from([odd]), { mapping: { "0": "phone", "1": "reason" } }));
    expect(out2).toMatchObject({ created: 1, rejectedCount: 1 });
    expect(await systemDb().doNotCallEntry.findFirst({ where: { tenantId: b.tenant.id, phone: "+14155550113" } })).toMatchObject({ reason: "spam complaint" });
  });
});
