import { describe, expect, it } from "vitest";
import { signedInMember } from "../testing/members";

describe("contacts router", () => {
  it("lets staff create and any member list and search", async () => {
    const staff = await signedInMember("staff");
    const viewer = await signedInMember("viewer", { tenantId: staff.tenant.id });
    const created = await staff.caller.contacts.create({ givenName: "Rita", familyName: "Moreno", phone: "(415) 555-0181" });
    expect(created.phone).toBe("+14155550181");
    const page = await viewer.caller.contacts.list({});
    expect(page.items.map((c) => c.id)).toEqual([created.id]);
    const hits = await viewer.caller.contacts.search({ q: "4155550181" });
    expect(hits[0]?.id).toBe(created.id);
  });

  it("refuses writes from a viewer", async () => {
    const viewer = await signedInMember("viewer");
    await expect(viewer.caller.contacts.create({ givenName: "No" })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("answers a duplicate with CONFLICT and lists the match for the form", async () => {
    const staff = await signedInMember("admin");
    const first = await staff.caller.contacts.create({ givenName: "Dup", email: "dup@example.com" });
    await expect(staff.caller.contacts.create({ givenName: "Dup 2", email: "DUP@example.com" })).rejects.toMatchObject({ code: "CONFLICT" });
    const matches = await staff.caller.contacts.duplicates({ email: "dup@example.com" });
    expect(matches.map((m) => m.id)).toEqual([first.id]);
  });

  it("reports a contact of another business as not found", async () => {
    const a = await signedInMember("owner");
    const b = await signedInMember("owner");
    const c = await a.caller.contacts.create({ givenName: "Mine" });
    await expect(b.caller.contacts.get({ id: c.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
