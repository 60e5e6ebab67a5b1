// Invoices: what clients owe, aged per currency, then the list with filters (status, overdue
// only, currency, search by number or client) and "Load more" over the cursor-paginated API.
import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams, useSubmit } from "@remix-run/react";
import { FileUp, Plus, Receipt } from "lucide-react";
import { WRITE_ROLES } from "../../../server/auth/types";
import { Badge, type BadgeVariant } from "../../components/ui/badge";
import { Button } from "../../components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "../../components/ui/card";
import { EmptyState } from "../../components/ui/empty-state";
import { Input } from "../../components/ui/input";
import { Label } from "../../components/ui/label";
import { PageHeader } from "../../components/ui/page-header";
import { Select } from "../../components/ui/select";
import { Spinner } from "../../components/ui/spinner";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "../../components/ui/table";
import { useLoadMore } from "../../hooks/use-load-more";
import { rethrowAsResponse, serverCaller } from "../../trpc.server";
import { INVOICE_STATUSES } from "../../../server/invoices/status";
import type { InvoiceStatus } from "../../../server/db/generated/enums";

export const meta: MetaFunction = () => [{ title: "Invoices · Switchboard" }];

const STATUS: Record<InvoiceStatus, { label: string; variant: BadgeVariant }> = {
  draft: { label: "Draft", variant: "secondary" },
  open: { label: "Open", variant: "default" },
  overdue: { label: "Overdue", variant: "destructive" },
  partially_paid: { label: "Partially paid", variant: "warning" },
  paid: { label: "Paid", variant: "success" },
  void: { label: "Void", variant: "outline" },
};

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
  const [params] = useSearchParams();
  const submit = useSubmit();
  const { items, hasMore, loading, loadMore } = useLoadMore(page, (cursor) => {
    const next = new URLSearchParams(params);
    next.set("cursor", cursor);
    // `index`: the fetcher must reach this index route, not the layout above it.
    return `/invoices?index&${next}`;
  });
  const filtered = ["status", "overdue", "currency", "q"].some((k) => params.get(k));
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

      <Form
        method="get"
        role="search"
        className="mb-4 flex flex-col gap-3 sm:flex-row sm:items-end"
        onChange={(e) => submit(e.currentTarget, { replace: true })}
      >
        <div className="grid gap-1.5 sm:w-64">
          <Label htmlFor="invoice-q">Search</Label>
          <Input id="invoice-q" name="q" type="search" placeholder="Number or client" defaultValue={params.get("q") ?? ""} />
        </div>
        <div className="grid gap-1.5 sm:w-44">
          <Label htmlFor="invoice-status">Status</Label>
          <Select id="invoice-status" name="status" defaultValue={params.get("status") ?? ""}>
            <option value="">Any status</option>
            {INVOICE_STATUSES.map((s) => (
              <option key={s} value={s}>
                {STATUS[s].label}
              </option>
            ))}
          </Select>
        </div>
        {currencies.length > 1 || params.get("currency") ? (
          <div className="grid gap-1.5 sm:w-32">
            <Label htmlFor="invoice-currency">Currency</Label>
            <Select id="invoice-currency" name="currency" defaultValue={params.get("currency") ?? ""}>
              <option value="">All</option>
              {currencies.map((c) => (
                <option key={c.currency} value={c.currency}>
                  {c.currency}
                </option>
              ))}
            </Select>
          </div>
        ) : null}
        <label className="flex h-9 items-center gap-2 text-sm">
          <input type="checkbox" name="overdue" value="1" defaultChecked={params.get("overdue") === "1"} className="size-4" />
          Overdue only
        </label>
        <noscript>
          <Button type="submit" variant="outline">
            Apply
          </Button>
        </noscript>
      </Form>

      {items.length === 0 ? (
        <EmptyState
          icon={Receipt}
          title={filtered ? "No matching invoices" : "No invoices yet"}
          description={
            filtered
              ? "Try another status, currency or search."
              : "Invoices you create or import appear here, aged by how late they are."
          }
          action={!filtered && canWrite ? <InvoiceActions /> : null}
        />
      ) : (
        <Card>
          <CardContent className="p-0">
            <Table>
              <TableHeader>
                <TableRow>
                  <TableHead>Number</TableHead>
                  <TableHead>Client</TableHead>
                  <TableHead className="hidden md:table-cell">Issued</TableHead>
                  <TableHead>Due</TableHead>
                  <TableHead className="text-right">Total</TableHead>
                  <TableHead className="text-right">Amount due</TableHead>
                  <TableHead>Status</TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {items.map((invoice) => (
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
                      {invoice.daysOverdue > 0 ? (
                        <div className="text-xs text-destructive">{invoice.daysOverdue} days late</div>
                      ) : null}
                    </TableCell>
                    <TableCell className="text-right tabular-nums">{money(invoice.total, invoice.currency)}</TableCell>
                    <TableCell className="text-right font-medium tabular-nums">{money(invoice.amountDue, invoice.currency)}</TableCell>
                    <TableCell>
                      <Badge variant={STATUS[invoice.status].variant}>{STATUS[invoice.status].label}</Badge>
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </CardContent>
        </Card>
      )}

      {hasMore ? (
        <div className="mt-4 flex justify-center">
          <Button variant="outline" onClick={loadMore} disabled={loading}>
            {loading ? <Spinner label="Loading more" /> : null}
            Load more
          </Button>
        </div>
      ) : null}
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
