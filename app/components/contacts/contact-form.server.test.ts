import { TRPCError } from "@trpc/server";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { ContactError } from "../../../server/contacts/contacts";
import { contactFilterFromParams, contactListFromParams } from "./filters";
import { contactFormFailure, readContactForm } from "./contact-form.server";

function form(entries: Record<string, string>) {
  const data = new FormData();
  for (const [k, v] of Object.entries(entries)) data.set(k, v);
  return data;
}

describe("reading the contact form", () => {
  it("splits tags, reads the checkbox and trims text", () => {
    const { fields } = readContactForm(form({ givenName: "  Ada ", tags: "vip, , Plumbing ", doNotCall: "on", consentStatus: "granted" }));
    expect(fields).toMatchObject({ givenName: "Ada", familyName: "", tags: ["vip", "Plumbing"], doNotCall: true, consentStatus: "granted" });
    expect(readContactForm(form({})).fields.doNotCall).toBe(false);
  });
});

describe("contact form failures", () => {
  it("puts a field's refusal on that field", () => {
    const error = new TRPCError({ code: "BAD_REQUEST", message: 'phone: "12" is not a phone number', cause: new ContactError("INVALID", 'phone: "12" is not a phone number') });
    expect(contactFormFailure(error)).toEqual({ errors: { phone: '"12" is not a phone number' }, duplicates: [] });
  });

  it("carries a duplicate's matches", () => {
    const match = { id: "c1", givenName: "Rosa", familyName: "D", company: "", phone: "+14155550123", email: null, matchedOn: "phone" as const };
    const error = new TRPCError({ code: "CONFLICT", message: "exists", cause: new ContactError("DUPLICATE", "exists", [match]) });
    expect(contactFormFailure(error)).toEqual({ errors: { form: "exists" }, duplicates: [match] });
  });

  it("maps input validation to fields and rethrows what is not the user's to fix", () => {
    const zod = z.object({ email: z.string().email("Not a valid e-mail address") }).safeParse({ email: "x" });
    const invalid = new TRPCError({ code: "BAD_REQUEST", cause: zod.success ? undefined : zod.error });
    expect(contactFormFailure(invalid).errors).toEqual({ email: "Not a valid e-mail address" });
    const bug = new TRPCError({ code: "INTERNAL_SERVER_ERROR" });
    expect(() => contactFormFailure(bug)).toThrow(bug);
    expect(() => contactFormFailure(new Error("boom"))).toThrow("boom");
  });
});

describe("list filters in the URL", () => {
  it("reads what the list and the export share, ignoring junk", () => {
    const params = new URLSearchParams("q=+rosa+&tag=VIP&dnc=1&source=import&sort=bogus&dir=desc&cursor=abc");
    expect(contactFilterFromParams(params)).toEqual({ q: "rosa", tag: "vip", doNotCall: true, source: "import" });
    expect(contactFilterFromParams(new URLSearchParams("upcoming=1&overdue=0"))).toMatchObject({ hasUpcomingAppointment: true, hasOverdueBalance: false });
    expect(contactFilterFromParams(new URLSearchParams("upcoming=yes&overdue="))).toMatchObject({ hasUpcomingAppointment: undefined, hasOverdueBalance: undefined });
    expect(contactListFromParams(params)).toMatchObject({ sort: "name", dir: "desc", cursor: "abc", limit: 50 });
    expect(contactFilterFromParams(new URLSearchParams("dnc=maybe"))).toEqual({ q: undefined, tag: undefined, doNotCall: undefined, source: undefined });
  });
});
