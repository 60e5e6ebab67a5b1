import { beforeAll, describe, expect, it } from "vitest";
import { systemDb } from "../../server/db";
import { addJob } from "../../server/jobs/enqueue";
import { suffix } from "../../server/testing/members";
import { installWorkerSchema, runDueJobs } from "../testing/worker";
import markOverdueInvoicesTask from "./mark_overdue_invoices";

beforeAll(installWorkerSchema);

describe("mark_overdue_invoices", () => {
  it("stores overdue on open invoices past due and leaves the rest", async () => {
    const s = suffix();
    const tenant = await systemDb().tenant.create({ data: { name: `Inv ${s}`, slug: `inv-${s}`, timezone: "Europe/Paris" } });
    const contact = await systemDb().contact.create({ data: { tenantId: tenant.id, givenName: "Late", timezone: "Europe/Paris" } });
    const base = { tenantId: tenant.id, contactId: contact.id, currency: "EUR", total: "10", amountDue: "10", issueDate: new Date("2020-01-01") };
    const late = await systemDb().invoice.create({ data: { ...base, number: `L-${s}`, dueDate: new Date("2020-02-01") } });
    const future = await systemDb().invoice.create({ data: { ...base, number: `F-${s}`, dueDate: new Date("2999-01-01") } });
    const draft = await systemDb().invoice.create({ data: { ...base, number: `D-${s}`, status: "draft", dueDate: new Date("2020-02-01") } });
    await addJob("mark_overdue_invoices", {});
    await runDueJobs({ mark_overdue_invoices: markOverdueInvoicesTask });
    const rows = await systemDb().invoice.findMany({ where: { tenantId: tenant.id } });
    const status = (id: string) => rows.find((r) => r.id === id)!.status;
    expect([status(late.id), status(future.id), status(draft.id)]).toEqual(["overdue", "open", "draft"]);
  });
});
