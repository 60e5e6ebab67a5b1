// Daily: open invoices past their due date (in each business's timezone) become overdue, and
// unpaid promises past their date become broken. See server/invoices/overdue.ts.
import type { Task } from "graphile-worker";
import { systemDb } from "../../server/db";
import { markOverdueInvoices } from "../../server/invoices/overdue";

const markOverdueInvoicesTask: Task<"mark_overdue_invoices"> = async (_payload, helpers) => {
  const result = await markOverdueInvoices(systemDb());
  helpers.logger.info(`invoices marked overdue: ${result.overdue}, reopened: ${result.reopened}; promises broken: ${result.brokenPromises}`);
};

export default markOverdueInvoicesTask;
