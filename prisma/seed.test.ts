import { describe, expect, it } from "vitest";
import { systemDb } from "../server/db";
import { DEMO_LOGIN, seedDemo, seedDemoIfEmpty } from "./seed";

describe("demo seed", () => {
  // How long the seed takes is measured in docs/performance.md, not asserted here.
  it("fills Bright Smile Dental plausibly, and only once", async () => {
    const sys = systemDb();
    const { tenant, counts } = await seedDemo(sys);
    expect(counts).not.toBeNull();
    const where = { tenantId: tenant.id };
    const count = async () => ({
      contacts: await sys.contact.count({ where }),
      doNotCall: await sys.contact.count({ where: { ...where, doNotCall: true } }),
      staff: await sys.staffMember.count({ where }),
      services: await sys.service.count({ where }),
      appointments: await sys.appointment.count({ where }),
      invoices: await sys.invoice.count({ where }),
      payments: await sys.payment.count({ where }),
      overdue: await sys.invoice.count({ where: { ...where, status: "overdue" } }),
      projects: await sys.project.count({ where }),
      articles: await sys.knowledgeArticle.count({ where }),
      passages: await sys.knowledgePassage.count({ where }),
    });
    const first = await count();
    expect(first.contacts).toBe(300);
    expect(first.doNotCall).toBeGreaterThan(0);
    expect(first.doNotCall).toBeLessThan(30);
    expect(first.staff).toBe(4);
    expect(first.services).toBe(6);
    expect(first.appointments).toBeGreaterThan(500);
    expect(first.appointments).toBeLessThan(2000);
    expect(first.invoices).toBe(80);
    expect(first.payments).toBeGreaterThan(20);
    expect(first.overdue).toBeGreaterThan(0);
    expect(first.projects).toBe(7);
    expect(first.articles).toBe(6);
    expect(first.passages).toBeGreaterThanOrEqual(6);

    const now = new Date();
    const past = await sys.appointment.groupBy({ by: ["status"], where: { ...where, startsAt: { lt: now } }, _count: true });
    const future = await sys.appointment.groupBy({ by: ["status"], where: { ...where, startsAt: { gte: now } }, _count: true });
    expect(past.map((g) => g.status).sort()).toEqual(["cancelled", "completed", "no_show"]);
    expect(future.map((g) => g.status).sort()).toEqual(["cancelled", "confirmed", "scheduled"]);
    // Nobody is booked through lunch (12:00-12:30 is a break every working day, Chicago time).
    const atLunch = await sys.$queryRaw<{ n: bigint }[]>`
      SELECT count(*) AS n FROM "Appointment"
      WHERE "tenantId" = ${tenant.id}
        AND ("startsAt" AT TIME ZONE 'America/Chicago')::time < '12:30' AND ("endsAt" AT TIME ZONE 'America/Chicago')::time > '12:00'`;
    expect(Number(atLunch[0]!.n)).toBe(0);
    // Accented names survive, and every phone number is unique.
    expect(await sys.contact.count({ where: { ...where, OR: [{ givenName: { contains: "é" } }, { familyName: { contains: "ñ" } }] } })).toBeGreaterThan(0);
    const phones = await sys.contact.findMany({ where, select: { phone: true } });
    expect(new Set(phones.map((p) => p.phone)).size).toBe(300);

    // Again: nothing more is added, and the first-start entry point just hands back the login.
    expect((await seedDemo(sys)).counts).toBeNull();
    expect(await seedDemoIfEmpty(sys)).toEqual(DEMO_LOGIN);
    expect(await count()).toEqual(first);
  });
});
