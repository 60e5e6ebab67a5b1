// The campaign queue's "View task" support: a task beyond the page comes back on its own.
import { describe, expect, it } from "vitest";
import { systemDb } from "../db";
import { campaignQueue } from "./campaigns";
import { campaignOf, outboundBusiness } from "./test-helpers";

describe("campaignQueue", () => {
  it("returns a linked task beyond the first page as focusTask, and nothing of another campaign", async () => {
    const b = await outboundBusiness();
    const c = await campaignOf(b, "list", {});
    const other = await campaignOf(b, "list", {});
    const base = new Date("2027-01-13T15:00:00Z");
    const row = (campaignId: string, i: number) => ({
      id: `qt-${campaignId}-${i}`, tenantId: b.tenant.id, campaignId, subjectType: "contact" as const, subjectId: `s${i}`, contactId: b.contact.id,
      phone: `+1202555${3000 + i}`, attempt: 1, state: "waiting" as const, dueAt: base, nextAttemptAt: new Date(base.getTime() + i * 60_000),
    });
    await systemDb().callTask.createMany({ data: [...[0, 1, 2, 3].map((i) => row(c.id, i)), row(other.id, 9)] });
    const ctx = { db: systemDb(), tenantId: b.tenant.id, actorId: null };
    const last = `qt-${c.id}-3`;

    const page = await campaignQueue(ctx, { campaignId: c.id, take: 2, focusTaskId: last });
    expect(page.tasks.map((t) => t.id)).toEqual([`qt-${c.id}-0`, `qt-${c.id}-1`]);
    expect(page.focusTask).toMatchObject({ id: last, contact: { givenName: "Pat" } });
    // On the page already: not repeated.
    expect((await campaignQueue(ctx, { campaignId: c.id, take: 2, focusTaskId: `qt-${c.id}-1` })).focusTask).toBeNull();
    // Another campaign's task, or none at all.
    expect((await campaignQueue(ctx, { campaignId: c.id, take: 2, focusTaskId: `qt-${other.id}-9` })).focusTask).toBeNull();
    expect((await campaignQueue(ctx, { campaignId: c.id, take: 2 })).focusTask).toBeNull();
  });
});
