// One invoice: status, amounts and dates, its payments and promises to pay, and the actions staff
// take on it (record a payment, add a promise, issue a draft, void). Viewers read only.
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { WRITE_ROLES } from "../../../server/auth/types";
import { formatDate } from "../../components/business-time";
import { InvoiceStatusBadge } from "../../components/invoices/status-badge";
import { Badge, type BadgeVariant } from "../../components/ui/badge";
import { Button } from "../../components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "../../components/ui/card";
import { ConfirmDialog } from "../../components/ui/confirm-dialog";
import { Field } from "../../components/ui/field";
import { Input } from "../../components/ui/input";
import { PageHeader } from "../../components/ui/page-header";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "../../components/ui/table";
import { jsonWithToast, redirectWithToast } from "../../toast.server";
import { rethrowAsResponse, serverCaller } from "../../trpc.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Invoice ${data?.invoice.number ?? ""} · Switchboard` }];

const PROMISE: Record<"pending" | "kept" | "broken", { label: string; variant: BadgeVariant }> = {
  pending: { label: "Pending", variant: "secondary" },
  kept: { label: "Kept", variant: "success" },
  broken: { label: "Broken", variant: "destructive" },
};

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const invoice = await serverCaller(request, context).invoices.get({ id: params.invoiceId ?? "" }).catch(rethrowAsResponse);
  const role = context.auth?.membership?.role;
  return json({ invoice, canWrite: !!role && WRITE_ROLES.includes(role) });
}

const intents = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("payment"), amount: z.string(), paidOn: z.string(), method: z.string(), reference: z.string() }),
  z.object({ intent: z.literal("promise"), amount: z.string(), promisedFor: z.string() }),
  z.object({ intent: z.literal("issue") }),
  z.object({ intent: z.literal("void") }),
]);

type Errors = { form: "payment" | "promise" | null; message: string | null };

export async function action({ request, context, params }: ActionFunctionArgs) {
  const parsed = intents.safeParse(Object.fromEntries(await request.formData()));
  const id = params.invoiceId ?? "";
  if (!parsed.success) return json<Errors>({ form: null, message: "That request was not understood." }, { status: 400 });
  const input = parsed.data;
  const invoices = serverCaller(request, context).invoices;
  const here = `/invoices/${id}`;
  try {
    switch (input.intent) {
      case "payment": {
        const after = await invoices.recordPayment({
          invoiceId: id,
          amount: input.amount,
          paidOn: input.paidOn || undefined,
          method: input.method,
          reference: input.reference,
        });
        return redirectWithToast(here, {
          type: "success",
          title: "Payment recorded",
          description: after.status === "paid" ? `Invoice ${after.number} is paid in full.` : `Still due: ${money(after.amountDue, after.currency)}.`,
        });
      }
      case "promise":
        await invoices.addPromise({ invoiceId: id, amount: input.amount, promisedFor: input.promisedFor });
        return redirectWithToast(here, { type: "success", title: "Promise to pay added" });
      case "issue":
        await invoices.issue({ id });
        return redirectWithToast(here, { type: "success", title: "Invoice issued", description: "It now counts as money owed." });
      case "void":
        await invoices.void({ id });
        return redirectWithToast(here, { type: "success", title: "Invoice voided" });
    }
  } catch (error) {
    if (error instanceof TRPCError && error.code !== "INTERNAL_SERVER_ERROR" && error.code !== "UNAUTHORIZED") {
      // Form errors (an overpayment, a date in the future) are shown beside the form; others as a toast.
      if (input.intent === "payment" || input.intent === "promise") return json<Errors>({ form: input.intent, message: error.message }, { status: 400 });
      return jsonWithToast<Errors>({ form: null, message: null }, { type: "error", title: "Couldn't update the invoice", description: error.message }, { status: 400 });
    }
    throw error;
  }
}

function money(amount: string, currency: string) {
  return new Intl.NumberFormat("en-US", { style: "currency", currency }).format(Number(amount));
}

/** Calendar dates ("2027-03-14") are not instants: formatted in UTC so no zone moves them a day. */
function day(iso: string) {
  return formatDate(`${iso}T00:00:00Z`, "UTC");
}

export default function InvoicePage() {
  const { invoice, canWrite } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = (intent: string) => navigation.state !== "idle" && navigation.formData?.get("intent") === intent;
  const collectible = ["open", "overdue", "partially_paid"].includes(invoice.status);
  // A recorded payment or promise gives the forms a new key: they start afresh with the new
  // amount due, while a refused one keeps what was typed beside its error.
  const formsKey = `${invoice.payments.length}-${invoice.promises.length}-${invoice.amountDue}`;

  return (
    <>
      <nav className="mb-2 text-sm">
        <Link to="/invoices" className="text-muted-foreground hover:text-foreground">
          ← Invoices
        </Link>
      </nav>
      <PageHeader
        title={
          <span className="flex flex-wrap items-center gap-3">
            Invoice {invoice.number} <InvoiceStatusBadge status={invoice.status} />
          </span>
        }
        description={
          <>
            For{" "}
            <Link to={`/contacts/${invoice.contactId}`} className="font-medium text-foreground underline-offset-4 hover:underline">
              {invoice.contactName}
            </Link>
            {invoice.source !== "manual" ? ` · imported from ${invoice.source === "csv" ? "a CSV file" : "Zoho"}` : null}
          </>
        }
        actions={
          canWrite ? (
            <>
              {invoice.status === "draft" ? (
                <Form method="post">
                  <input type="hidden" name="intent" value="issue" />
                  <Button type="submit" disabled={busy("issue")}>
                    Issue invoice
                  </Button>
                </Form>
              ) : null}
              {invoice.status !== "void" && invoice.payments.length === 0 ? (
                <ConfirmDialog
                  trigger={<Button variant="outline">Void</Button>}
                  title={`Void invoice ${invoice.number}?`}
                  description="It stops counting as money owed and its pending promises are closed. This cannot be undone; create a new invoice if it was a mistake."
                  confirmLabel="Void invoice"
                  form={{ fields: { intent: "void" } }}
                />
              ) : null}
            </>
          ) : null
        }
      />

      <Card className="mb-6">
        <CardContent className="grid grid-cols-2 gap-4 p-5 sm:grid-cols-3 lg:grid-cols-6">
          <Fact label="Total" value={money(invoice.total, invoice.currency)} />
          <Fact label="Paid" value={money(invoice.amountPaid, invoice.currency)} />
          <Fact label="Amount due" value={money(invoice.amountDue, invoice.currency)} strong />
          <Fact label="Issued" value={day(invoice.issueDate)} />
          <Fact
            label="Due"
            value={day(invoice.dueDate)}
            note={invoice.daysOverdue > 0 ? `${invoice.daysOverdue} day${invoice.daysOverdue === 1 ? "" : "s"} late` : undefined}
          />
          <Fact label="Currency" value={invoice.currency} />
          {invoice.lineSummary ? (
            <div className="col-span-full">
              <div className="text-xs text-muted-foreground">Summary</div>
              <p className="mt-1 whitespace-pre-line text-sm">{invoice.lineSummary}</p>
            </div>
          ) : null}
          {invoice.paymentUrl ? (
            <div className="col-span-full text-sm">
              <a href={invoice.paymentUrl} className="underline underline-offset-4" rel="noreferrer noopener" target="_blank">
                Payment link
              </a>
            </div>
          ) : null}
        </CardContent>
      </Card>

      <div className="grid grid-cols-[minmax(0,1fr)] gap-6 lg:grid-cols-[minmax(0,1fr)_22rem]">
        <div className="grid content-start gap-6">
          <Card>
            <CardHeader>
              <CardTitle>Payments</CardTitle>
            </CardHeader>
            <CardContent className={invoice.payments.length ? "p-0" : undefined}>
              {invoice.payments.length === 0 ? (
                <p className="text-sm text-muted-foreground">No payments recorded yet.</p>
              ) : (
                <Table>
                  <TableHeader>
                    <TableRow>
                      <TableHead>Date</TableHead>
                      <TableHead className="text-right">Amount</TableHead>
                      <TableHead>Method</TableHead>
                      <TableHead className="hidden sm:table-cell">Reference</TableHead>
                    </TableRow>
                  </TableHeader>
                  <TableBody>
                    {invoice.payments.map((p) => (
                      <TableRow key={p.id}>
                        <TableCell className="whitespace-nowrap">{day(p.paidOn)}</TableCell>
                        <TableCell className="text-right tabular-nums">{money(p.amount, invoice.currency)}</TableCell>
                        <TableCell>{p.method || "—"}</TableCell>
                        <TableCell className="hidden text-muted-foreground sm:table-cell">{p.reference || "—"}</TableCell>
                      </TableRow>
                    ))}
                  </TableBody>
                </Table>
              )}
            </CardContent>
          </Card>

          <Card>
            <CardHeader>
              <CardTitle>Promises to pay</CardTitle>
              <CardDescription>Kept when payments dated by the promised day add up to it; broken once the day passes.</CardDescription>
            </CardHeader>
            <CardContent className={invoice.promises.length ? "p-0" : undefined}>
              {invoice.promises.length === 0 ? (
                <p className="text-sm text-muted-foreground">No promises yet.</p>
              ) : (
                <Table>
                  <TableHeader>
                    <TableRow>
                      <TableHead>Promised for</TableHead>
                      <TableHead className="text-right">Amount</TableHead>
                      <TableHead>Status</TableHead>
                      <TableHead className="hidden sm:table-cell">Made</TableHead>
                    </TableRow>
                  </TableHeader>
                  <TableBody>
                    {invoice.promises.map((p) => (
                      <TableRow key={p.id}>
                        <TableCell className="whitespace-nowrap">{day(p.promisedFor)}</TableCell>
                        <TableCell className="text-right tabular-nums">{money(p.amount, invoice.currency)}</TableCell>
                        <TableCell>
                          <Badge variant={PROMISE[p.status].variant}>{PROMISE[p.status].label}</Badge>
                        </TableCell>
                        <TableCell className="hidden text-muted-foreground sm:table-cell">{p.callId ? "On a call" : "By staff"}</TableCell>
                      </TableRow>
                    ))}
                  </TableBody>
                </Table>
              )}
            </CardContent>
          </Card>
        </div>

        {canWrite && collectible ? (
          <div className="grid content-start gap-6">
            <Card>
              <CardHeader>
                <CardTitle>Record a payment</CardTitle>
                <CardDescription>Up to {money(invoice.amountDue, invoice.currency)} still due.</CardDescription>
              </CardHeader>
              <CardContent>
                <Form key={`pay-${formsKey}`} method="post" className="grid gap-3" noValidate>
                  <input type="hidden" name="intent" value="payment" />
                  <Field label={`Amount (${invoice.currency})`} error={actionData?.form === "payment" ? actionData.message : null}>
                    <Input name="amount" inputMode="decimal" autoComplete="off" defaultValue={invoice.amountDue} required />
                  </Field>
                  <Field label="Paid on" hint="Leave empty for today.">
                    <Input name="paidOn" type="date" min={invoice.issueDate} />
                  </Field>
                  <Field label="Method">
                    <Input name="method" placeholder="Card, bank transfer, cash…" maxLength={50} />
                  </Field>
                  <Field label="Reference">
                    <Input name="reference" placeholder="Receipt or transaction number" maxLength={200} />
                  </Field>
                  <Button type="submit" disabled={busy("payment")}>
                    {busy("payment") ? "Recording…" : "Record payment"}
                  </Button>
                </Form>
              </CardContent>
            </Card>
            <Card>
              <CardHeader>
                <CardTitle>Add a promise to pay</CardTitle>
              </CardHeader>
              <CardContent>
                <Form key={`promise-${formsKey}`} method="post" className="grid gap-3" noValidate>
                  <input type="hidden" name="intent" value="promise" />
                  <Field label={`Amount (${invoice.currency})`} error={actionData?.form === "promise" ? actionData.message : null}>
                    <Input name="amount" inputMode="decimal" autoComplete="off" defaultValue={invoice.amountDue} required />
                  </Field>
                  <Field label="Promised for">
                    <Input name="promisedFor" type="date" required />
                  </Field>
                  <Button type="submit" variant="outline" disabled={busy("promise")}>
                    Add promise
                  </Button>
                </Form>
              </CardContent>
            </Card>
          </div>
        ) : !canWrite ? (
          <p className="text-sm text-muted-foreground">You can view this invoice; owners, admins and staff record payments.</p>
        ) : null}
      </div>
    </>
  );
}

function Fact({ label, value, note, strong }: { label: string; value: string; note?: string; strong?: boolean }) {
  return (
    <div>
      <div className="text-xs text-muted-foreground">{label}</div>
      <div className={strong ? "mt-1 text-lg font-semibold tabular-nums" : "mt-1 tabular-nums"}>{value}</div>
      {note ? <div className="text-xs text-destructive">{note}</div> : null}
    </div>
  );
}
