import { describe, expect, it } from "vitest";
import { systemDb, withTenant } from "../db";
import { newBusiness } from "../contacts/test-helpers";
import { signedInMember } from "../testing/members";
import {
  createProject,
  getProject,
  listProjects,
  ProjectError,
  projectStatusForContact,
  updateProjectDetails,
  updateProjectStatus,
  updateProjectText,
  type ProjectContext,
} from "./projects";

const FIXED = new Date("2026-11-20T15:00:00Z");

function asTenant<T>(tenantId: string, fn: (ctx: ProjectContext) => Promise<T>): Promise<T> {
  return withTenant({ tenantId }, (tx) => fn({ db: tx, tenantId, actorId: null, now: () => FIXED }));
}

async function contactIn(tenantId: string, givenName: string) {
  return systemDb().contact.create({ data: { tenantId, givenName, familyName: "Client", timezone: "America/Chicago", phone: "+13125550100" } });
}

describe("projects service", () => {
  it("creates, changes status and update text, and audits each write", async () => {
    const biz = await newBusiness();
    const contact = await contactIn(biz.id, "Ana");
    const created = await asTenant(biz.id, (ctx) =>
      createProject(ctx, { name: "Invisalign treatment plan", contactId: contact.id, dueDate: "2027-03-01", status: "in_progress" }),
    );
    expect(created).toMatchObject({ status: "in_progress", statusLabel: "In progress", dueDate: "2027-03-01", updatedSummaryAt: null });
    expect(created.contact).toMatchObject({ id: contact.id, name: "Ana Client" });

    await asTenant(biz.id, (ctx) => updateProjectStatus(ctx, { id: created.id, status: "on_hold" }));
    const texted = await asTenant(biz.id, (ctx) => updateProjectText(ctx, { id: created.id, updateSummary: "Waiting for aligner set 3." }));
    expect(texted.updateSummary).toBe("Waiting for aligner set 3.");
    expect(texted.updatedSummaryAt?.toISOString()).toBe(FIXED.toISOString());

    const entries = await systemDb().auditLog.findMany({ where: { tenantId: biz.id, targetId: created.id }, orderBy: { createdAt: "asc" } });
    expect(entries.map((e) => e.action)).toEqual(["project.created", "project.status_changed", "project.update_posted"]);
    expect(entries[1]!.meta).toEqual({ from: "in_progress", to: "on_hold" });
  });

  it("does not audit a status change that changes nothing", async () => {
    const biz = await newBusiness();
    const p = await asTenant(biz.id, (ctx) => createProject(ctx, { name: "Crown" }));
    await asTenant(biz.id, (ctx) => updateProjectStatus(ctx, { id: p.id, status: "planning" }));
    expect(await systemDb().auditLog.count({ where: { tenantId: biz.id, action: "project.status_changed" } })).toBe(0);
  });

  it("filters by status and contact and searches name or company in any case", async () => {
    const biz = await newBusiness();
    const contact = await contactIn(biz.id, "Bo");
    await asTenant(biz.id, async (ctx) => {
      await createProject(ctx, { name: "Whitening series", status: "completed" });
      await createProject(ctx, { name: "Implant", company: "Northstar Logistics", contactId: contact.id });
      await createProject(ctx, { name: "Veneers", status: "review" });
    });
    const page = (input: Parameters<typeof listProjects>[1]) => asTenant(biz.id, (ctx) => listProjects(ctx, input));
    expect((await page({ status: "completed" })).items.map((p) => p.name)).toEqual(["Whitening series"]);
    expect((await page({ contactId: contact.id })).items.map((p) => p.name)).toEqual(["Implant"]);
    expect((await page({ q: "NORTHSTAR" })).items.map((p) => p.name)).toEqual(["Implant"]);
    expect((await page({ q: "veneer" })).items.map((p) => p.name)).toEqual(["Veneers"]);

    const first = await page({ limit: 2 });
    expect(first.items).toHaveLength(2);
    const second = await page({ limit: 2, cursor: first.nextCursor! });
    expect(second).toMatchObject({ nextCursor: null });
    expect(new Set([...first.items, ...second.items].map((p) => p.name)).size).toBe(3);
  });

  it("refuses a contact or owner from another business and a synced project without external id", async () => {
    const a = await newBusiness();
    const b = await newBusiness();
    const foreign = await contactIn(b.id, "Other");
    const outsider = await signedInMember("owner");
    await expect(asTenant(a.id, (ctx) => createProject(ctx, { name: "X", contactId: foreign.id }))).rejects.toBeInstanceOf(ProjectError);
    await expect(asTenant(a.id, (ctx) => createProject(ctx, { name: "X", ownerId: outsider.user.id }))).rejects.toThrow(/member/);
    await expect(asTenant(a.id, (ctx) => createProject(ctx, { name: "X", source: "jira" }))).rejects.toThrow(/external id/);
  });

  it("edits name, company, client, due date and owner, auditing the fields changed", async () => {
    const biz = await newBusiness();
    const owner = await signedInMember("staff", { tenantId: biz.id });
    const contact = await contactIn(biz.id, "Cy");
    const p = await asTenant(biz.id, (ctx) => createProject(ctx, { name: "Logo", company: "Old Co", dueDate: "2027-01-01" }));
    const edited = await asTenant(biz.id, (ctx) =>
      updateProjectDetails(ctx, { id: p.id, name: "Logo refresh", company: "New Co", contactId: contact.id, dueDate: "2027-02-15", ownerId: owner.user.id }),
    );
    expect(edited).toMatchObject({ name: "Logo refresh", company: "New Co", dueDate: "2027-02-15", owner: { id: owner.user.id } });
    expect(edited.contact?.id).toBe(contact.id);

    // Null clears; an unchanged field is not listed; nothing changed writes no entry.
    await asTenant(biz.id, (ctx) => updateProjectDetails(ctx, { id: p.id, name: "Logo refresh", dueDate: null, ownerId: null }));
    await asTenant(biz.id, (ctx) => updateProjectDetails(ctx, { id: p.id, name: "Logo refresh" }));
    const after = await asTenant(biz.id, (ctx) => getProject(ctx, p.id));
    expect(after).toMatchObject({ dueDate: null, owner: null, company: "New Co" });
    const entries = await systemDb().auditLog.findMany({ where: { tenantId: biz.id, action: "project.updated" }, orderBy: { createdAt: "asc" } });
    expect(entries.map((e) => e.meta)).toEqual([
      { fields: ["name", "company", "contactId", "ownerId", "dueDate"] },
      { fields: ["ownerId", "dueDate"] },
    ]);
  });

  it("refuses to link a contact or owner from another business when editing", async () => {
    const a = await newBusiness();
    const b = await newBusiness();
    const foreignContact = await contactIn(b.id, "Di");
    const outsider = await signedInMember("owner", { tenantId: b.id });
    const p = await asTenant(a.id, (ctx) => createProject(ctx, { name: "Site" }));
    await expect(asTenant(a.id, (ctx) => updateProjectDetails(ctx, { id: p.id, contactId: foreignContact.id }))).rejects.toThrow(ProjectError);
    await expect(asTenant(a.id, (ctx) => updateProjectDetails(ctx, { id: p.id, ownerId: outsider.user.id }))).rejects.toThrow(/member of this business/);
    await expect(asTenant(b.id, (ctx) => updateProjectDetails(ctx, { id: p.id, name: "Mine" }))).rejects.toThrow(/not found/);
    expect((await asTenant(a.id, (ctx) => getProject(ctx, p.id))).contact).toBeNull();
  });

  it("keeps external ids unique per source within a business only", async () => {
    const a = await newBusiness();
    const b = await newBusiness();
    await asTenant(a.id, (ctx) => createProject(ctx, { name: "Synced", source: "asana", externalId: "1200" }));
    await expect(asTenant(a.id, (ctx) => createProject(ctx, { name: "Again", source: "asana", externalId: "1200" }))).rejects.toThrow(/already exists/);
    const other = await asTenant(a.id, (ctx) => createProject(ctx, { name: "Jira one", source: "jira", externalId: "1200" }));
    expect(other.lastSyncedAt?.toISOString()).toBe(FIXED.toISOString());
    await expect(asTenant(b.id, (ctx) => createProject(ctx, { name: "B's", source: "asana", externalId: "1200" }))).resolves.toBeTruthy();
  });

  it("hides another business's projects (row-level security)", async () => {
    const a = await newBusiness();
    const b = await newBusiness();
    const mine = await asTenant(a.id, (ctx) => createProject(ctx, { name: "Secret plan" }));
    await expect(asTenant(b.id, (ctx) => getProject(ctx, mine.id))).rejects.toMatchObject({ code: "NOT_FOUND" });
    // Even without the service's tenant filter, the policy returns nothing and refuses writes.
    const seen = await withTenant({ tenantId: b.id }, (tx) => tx.project.findMany({ where: { id: mine.id } }));
    expect(seen).toEqual([]);
    const updated = await withTenant({ tenantId: b.id }, (tx) => tx.project.updateMany({ where: { id: mine.id }, data: { name: "Stolen" } }));
    expect(updated.count).toBe(0);
    await expect(withTenant({ tenantId: b.id }, (tx) => tx.project.create({ data: { tenantId: a.id, name: "Planted" } }))).rejects.toThrow();
  });

  it("answers 'where is my project?' with open projects first and a readable sentence", async () => {
    const biz = await newBusiness();
    const contact = await contactIn(biz.id, "Cy");
    await asTenant(biz.id, async (ctx) => {
      await createProject(ctx, { name: "Old cleaning plan", contactId: contact.id, status: "completed" });
      const open = await createProject(ctx, { name: "Invisalign treatment plan", contactId: contact.id, status: "in_progress", dueDate: "2027-03-01" });
      await updateProjectText(ctx, { id: open.id, updateSummary: "Aligner set 4 of 12 delivered." });
    });
    const answer = await asTenant(biz.id, (ctx) => projectStatusForContact(ctx, contact.id));
    expect(answer.map((a) => a.name)).toEqual(["Invisalign treatment plan", "Old cleaning plan"]);
    expect(answer[0]!.sentence).toBe("Invisalign treatment plan: in progress. Latest update (2026-11-20): Aligner set 4 of 12 delivered. Due 2027-03-01.");
    expect(answer[1]!.sentence).toBe("Old cleaning plan: completed.");
    expect(await asTenant(biz.id, (ctx) => projectStatusForContact(ctx, "no-such-contact"))).toEqual([]);
  });

  it("keeps the project when its contact is deleted, and clears appointment contacts likewise", async () => {
    const biz = await newBusiness();
    const contact = await contactIn(biz.id, "Dee");
    const p = await asTenant(biz.id, (ctx) => createProject(ctx, { name: "Bridge", contactId: contact.id }));
    await systemDb().contact.delete({ where: { id: contact.id } });
    expect((await asTenant(biz.id, (ctx) => getProject(ctx, p.id))).contact).toBeNull();
    // Appointment.contactId now has a real foreign key: an id that points nowhere is refused.
    const staff = await systemDb().staffMember.create({ data: { tenantId: biz.id, name: "Dr. Z" } });
    const service = await systemDb().service.create({ data: { tenantId: biz.id, name: "Exam", durationMinutes: 30 } });
    const t = new Date("2027-01-05T15:00:00Z");
    await expect(
      systemDb().appointment.create({
        data: { tenantId: biz.id, staffId: staff.id, serviceId: service.id, contactId: "missing", startsAt: t, endsAt: t, blockedStart: t, blockedEnd: t },
      }),
    ).rejects.toThrow();
  });
});

describe("projects router", () => {
  it("lets staff write and any member read; a viewer cannot write", async () => {
    const staff = await signedInMember("staff");
    const viewer = await signedInMember("viewer", { tenantId: staff.tenant.id });
    const p = await staff.caller.projects.create({ name: "Implant", ownerId: staff.user.id });
    expect(p.owner).toMatchObject({ id: staff.user.id });
    await staff.caller.projects.updateStatus({ id: p.id, status: "review" });
    await staff.caller.projects.updateText({ id: p.id, updateSummary: "Crown fitted." });
    expect(await viewer.caller.projects.get({ id: p.id })).toMatchObject({ status: "review", updateSummary: "Crown fitted." });
    expect((await viewer.caller.projects.list({})).items).toHaveLength(1);
    await expect(viewer.caller.projects.updateStatus({ id: p.id, status: "completed" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(viewer.caller.projects.create({ name: "No" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    const entry = await systemDb().auditLog.findFirst({ where: { targetId: p.id, action: "project.status_changed" } });
    expect(entry).toMatchObject({ actorId: staff.user.id });
  });

  it("reports another business's project as NOT_FOUND and bad references as BAD_REQUEST", async () => {
    const a = await signedInMember("owner");
    const b = await signedInMember("admin");
    const p = await a.caller.projects.create({ name: "Mine" });
    await expect(b.caller.projects.get({ id: p.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(b.caller.projects.updateText({ id: p.id, updateSummary: "x" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(b.caller.projects.create({ name: "X", ownerId: a.user.id })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });
});
