import { describe, expect, it } from "vitest";
import { systemDb } from "../db";
import { addNote, ContactError, createContact, getContact, listNotes, mergeContacts, updateContact } from "./contacts";
import { asTenant, newBusiness } from "./test-helpers";

describe("contacts", () => {
  it("stores the phone in E.164 with its extension, the e-mail lower-cased and the zone of the area code", async () => {
    const biz = await newBusiness();
    const c = await asTenant(biz.id, (ctx) =>
      createContact(ctx, { givenName: "Ana", familyName: "Ruiz", phone: "(415) 555-0123 ext. 7", email: "Ana.Ruiz@Example.COM", tags: ["VIP", "vip", " Dental "] }),
    );
    expect(c).toMatchObject({ phone: "+14155550123", phoneExtension: "7", email: "ana.ruiz@example.com", timezone: "America/Los_Angeles", tags: ["vip", "dental"] });
    const audit = await systemDb().auditLog.findFirst({ where: { tenantId: biz.id, action: "contact.created" } });
    expect(audit?.targetId).toBe(c.id);
  });

  it("takes an explicit zone over the number's and falls back to the business's", async () => {
    const biz = await newBusiness({ timezone: "America/Denver" });
    const explicit = await asTenant(biz.id, (ctx) => createContact(ctx, { givenName: "A", phone: "212 555 0100", timezone: "Europe/Madrid" }));
    const noPhone = await asTenant(biz.id, (ctx) => createContact(ctx, { givenName: "B" }));
    const unknownArea = await asTenant(biz.id, (ctx) => createContact(ctx, { givenName: "C", phone: "999 555 0100" }));
    expect([explicit.timezone, noPhone.timezone, unknownArea.timezone]).toEqual(["Europe/Madrid", "America/Denver", "America/Denver"]);
  });

  it("records where the zone came from, and keeps it when the edit form sends the same zone back", async () => {
    const biz = await newBusiness({ timezone: "America/Denver" });
    const explicit = await asTenant(biz.id, (ctx) => createContact(ctx, { givenName: "A", phone: "801 555 0100", timezone: "America/Denver" }));
    const byPhone = await asTenant(biz.id, (ctx) => createContact(ctx, { givenName: "B", phone: "212 555 0100" }));
    const guessed = await asTenant(biz.id, (ctx) => createContact(ctx, { givenName: "C", phone: "999 555 0100" }));
    expect([explicit.timezoneSource, byPhone.timezoneSource, guessed.timezoneSource]).toEqual(["explicit", "phone", "business"]);
    // The edit form re-sends every field, the stored zone included: that names nothing.
    const renamed = await asTenant(biz.id, (ctx) => updateContact(ctx, { id: guessed.id, givenName: "Cy", phone: "999 555 0100", timezone: guessed.timezone }));
    expect([renamed.timezone, renamed.timezoneSource]).toEqual(["America/Denver", "business"]);
    // A guessed zone follows a new number; a chosen one stays.
    const moved = await asTenant(biz.id, (ctx) => updateContact(ctx, { id: guessed.id, phone: "415 555 0100", timezone: "America/Denver" }));
    expect([moved.timezone, moved.timezoneSource]).toEqual(["America/Los_Angeles", "phone"]);
    const kept = await asTenant(biz.id, (ctx) => updateContact(ctx, { id: explicit.id, phone: "415 555 0101", timezone: "America/Denver" }));
    expect([kept.timezone, kept.timezoneSource]).toEqual(["America/Denver", "explicit"]);
    const chosen = await asTenant(biz.id, (ctx) => updateContact(ctx, { id: byPhone.id, timezone: "America/Chicago" }));
    expect([chosen.timezone, chosen.timezoneSource]).toEqual(["America/Chicago", "explicit"]);
  });

  it("refuses an unreadable phone, a bad e-mail and a contact with nothing to identify it", async () => {
    const biz = await newBusiness();
    await expect(asTenant(biz.id, (ctx) => createContact(ctx, { givenName: "X", phone: "call me" }))).rejects.toThrow(/phone/);
    await expect(asTenant(biz.id, (ctx) => createContact(ctx, { givenName: "X", email: "not-an-email" }))).rejects.toThrow();
    await expect(asTenant(biz.id, (ctx) => createContact(ctx, { title: "CEO" }))).rejects.toThrow(/at least a name/);
  });

  it("detects a duplicate by phone in any format or by e-mail, unless told to create anyway", async () => {
    const biz = await newBusiness();
    const first = await asTenant(biz.id, (ctx) => createContact(ctx, { givenName: "Jo", phone: "+1 415 555 0123", email: "jo@example.com" }));
    const byPhone = await asTenant(biz.id, (ctx) => createContact(ctx, { givenName: "Joe", phone: "4155550123" })).catch((e: unknown) => e);
    expect(byPhone).toBeInstanceOf(ContactError);
    expect(byPhone).toMatchObject({ code: "DUPLICATE", duplicates: [{ id: first.id, matchedOn: "phone" }] });
    const byEmail = await asTenant(biz.id, (ctx) => createContact(ctx, { givenName: "Joe", email: "JO@example.com" })).catch((e: unknown) => e);
    expect(byEmail).toMatchObject({ code: "DUPLICATE", duplicates: [{ id: first.id, matchedOn: "email" }] });
    const forced = await asTenant(biz.id, (ctx) => createContact(ctx, { givenName: "Joe", phone: "4155550123", allowDuplicate: true }));
    expect(forced.id).not.toBe(first.id);
  });

  it("does not see another business's contacts as duplicates", async () => {
    const a = await newBusiness();
    const b = await newBusiness();
    await asTenant(a.id, (ctx) => createContact(ctx, { givenName: "Jo", phone: "+1 415 555 0123" }));
    const other = await asTenant(b.id, (ctx) => createContact(ctx, { givenName: "Jo", phone: "+1 415 555 0123" }));
    expect(other.phone).toBe("+14155550123");
    await expect(asTenant(a.id, (ctx) => getContact(ctx, other.id))).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("updates only the fields given and keeps a hand-chosen zone when the number changes", async () => {
    const biz = await newBusiness();
    const c = await asTenant(biz.id, (ctx) => createContact(ctx, { givenName: "Li", company: "Acme", phone: "212 555 0100", timezone: "Asia/Tokyo" }));
    const updated = await asTenant(biz.id, (ctx) => updateContact(ctx, { id: c.id, phone: "(415) 555-0123", title: "Owner" }));
    expect(updated).toMatchObject({ givenName: "Li", company: "Acme", title: "Owner", phone: "+14155550123", timezone: "Asia/Tokyo" });
  });

  it("merges two contacts: fills gaps, keeps both numbers, joins tags, keeps notes and external ids, do-not-call wins", async () => {
    const biz = await newBusiness();
    const { keep, other } = await asTenant(biz.id, async (ctx) => {
      const keep = await createContact(ctx, { givenName: "Sam", familyName: "Lee", phone: "415 555 0101", tags: ["a"], notes: "first" });
      const other = await createContact(ctx, {
        givenName: "Samuel", email: "sam@example.com", company: "Lee & Co", phone: "415 555 0102", tags: ["b"], notes: "second",
        doNotCall: true, consentStatus: "granted", externalIds: [{ source: "zoho", externalId: "Z-1" }],
      });
      await addNote(ctx, { contactId: keep.id, body: "kept note" });
      await addNote(ctx, { contactId: other.id, body: "merged note" });
      return { keep, other };
    });
    const merged = await asTenant(biz.id, (ctx) => mergeContacts(ctx, { keepId: keep.id, mergeId: other.id }));
    expect(merged).toMatchObject({
      givenName: "Sam", email: "sam@example.com", company: "Lee & Co", phone: "+14155550101", altPhone: "+14155550102",
      tags: ["a", "b"], notes: "first\n\nsecond", doNotCall: true, consentStatus: "granted",
    });
    const { notes, full, gone } = await asTenant(biz.id, async (ctx) => ({
      notes: await listNotes(ctx, keep.id),
      full: await getContact(ctx, keep.id),
      gone: await ctx.db.contact.findUnique({ where: { id: other.id } }),
    }));
    expect(notes.map((n) => n.body).sort()).toEqual(["kept note", "merged note"]);
    expect(full.externalIds).toEqual([{ source: "zoho", externalId: "Z-1" }]);
    expect(gone).toBeNull();
    const audit = await systemDb().auditLog.findFirst({ where: { tenantId: biz.id, action: "contact.merged" } });
    expect(audit?.meta).toMatchObject({ mergedId: other.id, merged: { givenName: "Samuel" } });
  });

  it("refuses to merge a contact into itself", async () => {
    const biz = await newBusiness();
    const c = await asTenant(biz.id, (ctx) => createContact(ctx, { givenName: "Solo" }));
    await expect(asTenant(biz.id, (ctx) => mergeContacts(ctx, { keepId: c.id, mergeId: c.id }))).rejects.toMatchObject({ code: "INVALID" });
  });
});
