// Invoices: what clients owe, aged per currency, then the list with filters (status, overdue
// only, currency, search by number or client) and "Load more" over the cursor-paginated API.
import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { FileUp, Plus, Receipt } from "lucide-react";
import { WRITE_ROLES } from "../../../server/auth/types";
import { INVOICE_STATUS_LABELS, InvoiceStatusBadge } from "../../components/invoices/status-badge";
import { CursorList, FilterBar, FilterCheckbox, FilterField, useListPage } from "../../components/list-page";
import { Button } from "../../components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "../../components/ui/card";
import { Input } from "../../components/ui/input";
import { PageHeader } from "../../components/ui/page-header";
import { Select } from "../../components/ui/select";
import { TableCell, TableRow } from "../../components/ui/table";
import { rethrowAsResponse, serverCaller } from "../../trpc.server";
import { INVOICE_STATUSES } from "../../../server/invoices/status";
import type { InvoiceStatus } from "../../../server/db/generated/enums";

export const meta: MetaFunction = () => [{ title: "Invoices · Switchboard" }];

const BUCKETS = [
  ["current", "Not yet due"],
  ["d1_30", "1–30 days"],
  ["d31_60", "31–60 days"],
  ["d61_90", "61–90 days"],
  ["d90_plus", "90+ days"],
] as const;

function filtersOf(params: URLSearchParams) {
  const status = params.get("status");
  const currency = params.get("currency");
  return {
    status: (INVOICE_STATUSES as readonly string[]).includes(status ?? "") ? (status as InvoiceStatus) : undefined,
    overdueOnly: params.get("overdue") === "1",
    currency: currency && /^[A-Z]{3}$/.test(currency) ? currency : undefined,
    q: params.get("q")?.trim().slice(0, 200) || undefined,
    cursor: params.get("cursor") || undefined,
  };
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  const filters = filtersOf(new URL(request.url).searchParams);
  const invoices = serverCaller(request, context).invoices;
  const [page, aging] = await Promise.all([
    invoices.list(filters),
    // Later pages (Load more) only need the rows.
    filters.cursor ? Promise.resolve(null) : invoices.aging(),
  ]).catch(rethrowAsResponse);
  const role = context.auth?.membership?.role;
  return json({ page, aging, canWrite: !!role && WRITE_ROLES.includes(role) });
}

function money(amount: string, currency: string) {
  return new Intl.NumberFormat(undefined, { style: "currency", currency }).format(Number(amount));
}

function shortDate(iso: string) {
  // A calendar date, not an instant: format it in UTC so no timezone moves it a day.
  return new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeZone: "UTC" }).format(new Date(`${iso}T00:00:00Z`));
}

export default function InvoicesPage() {
  const { page, aging, canWrite } = useLoaderData<typeof loader>();
  const list = useListPage(page, { path: "/invoices", index: true, filterKeys: ["status", "overdue", "currency", "q"] });
  const { params, filtered } = list;
  const currencies = aging?.currencies ?? [];

  return (
    <>
      <PageHeader
        title="Invoices"
        description="What clients owe you, how late it is, and what they've paid."
        actions={canWrite ? <InvoiceActions /> : null}
      />

      {currencies.length > 0 ? (
        <div className="mb-6 grid gap-4">
          {currencies.map((row) => (
            <Card key={row.currency}>
              <CardHeader className="pb-2">
                <CardTitle className="flex items-baseline justify-between text-base">
                  <span>Outstanding in {row.currency}</span>
                  <span className="tabular-nums">{money(row.total.amount, row.currency)}</span>
                </CardTitle>
              </CardHeader>
              <CardContent>
                <dl className="grid grid-cols-2 gap-3 sm:grid-cols-5">
                  {BUCKETS.map(([key, label]) => (
                    <div key={key} className="rounded-md border p-3">
                      <dt className="text-xs text-muted-foreground">{label}</dt>
                      <dd className={`mt-1 font-medium tabular-nums ${key !== "current" && row.buckets[key].count > 0 ? "text-destructive" : ""}`}>
                        {money(row.buckets[key].amount, row.currency)}
                      </dd>
                      <dd className="text-xs text-muted-foreground">
                        {row.buckets[key].count} invoice{row.buckets[key].count === 1 ? "" : "s"}
                      </dd>
                    </div>
                  ))}
                </dl>
              </CardContent>
            </Card>
          ))}
        </div>
      ) : null}

      <FilterBar>
        <FilterField id="invoice-q" label="Search" className="sm:w-64">
          <Input id="invoice-q" name="q" type="search" placeholder="Number or client" defaultValue={params.get("q") ?? ""} />
        </FilterField>
        <FilterField id="invoice-status" label="Status" className="sm:w-44">
          <Select id="invoice-status" name="status" defaultValue={params.get("status") ?? ""}>
            <option value="">Any status</option>
            {INVOICE_STATUSES.map((s) => (
              <option key={s} value={s}>
                {INVOICE_STATUS_LABELS[s]}
              </option>
            ))}
          </Select>
        </FilterField>
        {currencies.length > 1 || params.get("currency") ? (
          <FilterField id="invoice-currency" label="Currency" className="sm:w-32">
            <Select id="invoice-currency" name="currency" defaultValue={params.get("currency") ?? ""}>
              <option value="">All</option>
              {currencies.map((c) => (
                <option key={c.currency} value={c.currency}>
                  {c.currency}
                </option>
              ))}
            </Select>
          </FilterField>
        ) : null}
        <FilterCheckbox name="overdue" label="Overdue only" checked={params.get("overdue") === "1"} />
      </FilterBar>

      <CursorList
        {...list}
        empty={{
          icon: Receipt,
          title: filtered ? "No matching invoices" : "No invoices yet",
          description: filtered ? "Try another status, currency or search." : "Invoices you create or import appear here, aged by how late they are.",
          action: !filtered && canWrite ? <InvoiceActions /> : null,
        }}
        columns={[
          { label: "Number" },
          { label: "Client" },
          { label: "Issued", className: "hidden md:table-cell" },
          { label: "Due" },
          { label: "Total", className: "text-right" },
          { label: "Amount due", className: "text-right" },
          { label: "Status" },
        ]}
        rows={(items) =>
          items.map((invoice) => (
            <TableRow key={invoice.id}>
              <TableCell className="font-medium">
                <Link to={`/invoices/${invoice.id}`} className="underline-offset-4 hover:underline">
                  {invoice.number}
                </Link>
              </TableCell>
              <TableCell>{invoice.contactName}</TableCell>
              <TableCell className="hidden whitespace-nowrap text-muted-foreground md:table-cell">{shortDate(invoice.issueDate)}</TableCell>
              <TableCell className="whitespace-nowrap">
                {shortDate(invoice.dueDate)}
                {invoice.daysOverdue > 0 ? <div className="text-xs text-destructive">{invoice.daysOverdue} days late</div> : null}
              </TableCell>
              <TableCell className="text-right tabular-nums">{money(invoice.total, invoice.currency)}</TableCell>
              <TableCell className="text-right font-medium tabular-nums">{money(invoice.amountDue, invoice.currency)}</TableCell>
              <TableCell>
                <InvoiceStatusBadge status={invoice.status} />
              </TableCell>
            </TableRow>
          ))
        }
      />
    </>
  );
}

function InvoiceActions() {
  return (
    <div className="flex flex-wrap gap-2">
      <Button asChild variant="outline">
        <Link to="/invoices/import">
          <FileUp aria-hidden="true" /> Import CSV
        </Link>
      </Button>
      <Button asChild>
        <Link to="/invoices/new">
          <Plus aria-hidden="true" /> New invoice
        </Link>
      </Button>
    </div>
  );
}
