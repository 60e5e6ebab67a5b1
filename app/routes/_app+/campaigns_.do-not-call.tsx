// Do not call: numbers the business must never ring (added by hand, by CSV, or when someone says
// "stop calling me" during a call). Staff add and import; admins remove.
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { PhoneOff } from "lucide-react";
import { ADMIN_ROLES, WRITE_ROLES } from "../../../server/auth/types";
import { formatDateTime, useBusinessTimeZone } from "../../components/business-time";
import { Badge } from "../../components/ui/badge";
import { Button } from "../../components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "../../components/ui/card";
import { ConfirmDialog } from "../../components/ui/confirm-dialog";
import { EmptyState } from "../../components/ui/empty-state";
import { Field } from "../../components/ui/field";
import { Input } from "../../components/ui/input";
import { PageHeader } from "../../components/ui/page-header";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "../../components/ui/table";
import { redirectWithToast } from "../../toast.server";
import { rethrowAsResponse, serverCaller } from "../../trpc.server";

export const meta: MetaFunction = () => [{ title: "Do not call · Switchboard" }];
const HERE = "/campaigns/do-not-call";
const SOURCE_LABEL = { manual: "Added by hand", call_opt_out: "Asked during a call", import: "Imported" } as const;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const q = new URL(request.url).searchParams.get("q") ?? undefined;
  const page = await serverCaller(request, context).campaigns.dnc.list({ q, take: 100 }).catch(rethrowAsResponse);
  const role = context.auth?.membership?.role;
  return json({ page, q: q ?? "", canWrite: !!role && WRITE_ROLES.includes(role), canRemove: !!role && ADMIN_ROLES.includes(role) });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData();
  const dnc = serverCaller(request, context).campaigns.dnc;
  try {
    switch (form.get("intent")) {
      case "remove":
        await dnc.remove({ id: String(form.get("id")) });
        return redirectWithToast(HERE, { type: "success", title: "Number removed from the list" });
      default:
        await dnc.add({ phone: String(form.get("phone") ?? ""), reason: String(form.get("reason") ?? "") });
        return redirectWithToast(HERE, { type: "success", title: "Number added", description: "Waiting calls to it are stopped at once." });
    }
  } catch (error) {
    return redirectWithToast(HERE, { type: "error", title: "Not saved", description: (error instanceof Error ? error.message : "").slice(0, 300) });
  }
}

export default function DoNotCallPage() {
  const { page, q, canWrite, canRemove } = useLoaderData<typeof loader>();
  const tz = useBusinessTimeZone();
  const busy = useNavigation().state === "submitting";
  return (
    <>
      <PageHeader title="Do not call" description={<Link to="/campaigns" className="hover:underline">← Campaigns</Link>} />
      {canWrite ? (
        <div className="mb-6 grid gap-6 lg:grid-cols-2">
          <Card>
            <CardHeader><CardTitle>Add a number</CardTitle></CardHeader>
            <CardContent>
              <Form method="post" className="grid gap-3 sm:grid-cols-[1fr_1fr_auto] sm:items-end">
                <Field label="Phone"><Input name="phone" required placeholder="(415) 555-0123" inputMode="tel" /></Field>
                <Field label="Reason"><Input name="reason" placeholder="Asked by e-mail" maxLength={500} /></Field>
                <Button type="submit" disabled={busy}>Add</Button>
              </Form>
            </CardContent>
          </Card>
          <Card>
            <CardHeader>
              <CardTitle>Import a CSV</CardTitle>
              <CardDescription>A list of numbers from a spreadsheet or another system: choose the columns, preview, and see every rejected line.</CardDescription>
            </CardHeader>
            <CardContent>
              <Button asChild variant="outline">
                <Link to="/campaigns/do-not-call/import">Import numbers</Link>
              </Button>
            </CardContent>
          </Card>
        </div>
      ) : null}

      <Form method="get" className="mb-3 max-w-xs">
        <Input name="q" type="search" defaultValue={q} placeholder="Search by number" aria-label="Search by number" />
      </Form>
      {page.entries.length === 0 ? (
        <EmptyState icon={PhoneOff} title={q ? "No number matches" : "The list is empty"} description="Numbers here are never called by any campaign." />
      ) : (
        <Card>
          <Table>
            <TableHeader><TableRow><TableHead>Number</TableHead><TableHead className="hidden md:table-cell">Source</TableHead><TableHead className="hidden md:table-cell">Reason</TableHead><TableHead className="hidden md:table-cell">Added</TableHead><TableHead><span className="sr-only">Actions</span></TableHead></TableRow></TableHeader>
            <TableBody>
              {page.entries.map((e) => (
                <TableRow key={e.id}>
                  <TableCell className="align-top md:align-middle">
                    <span className="whitespace-nowrap tabular-nums">{e.phone}</span>
                    {/* Phones: the other columns, stacked under the number. */}
                    <div className="mt-1 grid justify-items-start gap-1 md:hidden">
                      <div className="flex flex-wrap items-center gap-x-2 gap-y-1 text-xs text-muted-foreground">
                        <Badge variant="secondary">{SOURCE_LABEL[e.source]}</Badge>
                        <span className="whitespace-nowrap">{formatDateTime(e.createdAt, tz)}</span>
                      </div>
                      {e.reason ? <p className="break-words text-sm text-muted-foreground">{e.reason}</p> : null}
                    </div>
                  </TableCell>
                  <TableCell className="hidden md:table-cell"><Badge variant="secondary">{SOURCE_LABEL[e.source]}</Badge></TableCell>
                  <TableCell className="hidden text-muted-foreground md:table-cell">{e.reason}</TableCell>
                  <TableCell className="hidden whitespace-nowrap md:table-cell">{formatDateTime(e.createdAt, tz)}</TableCell>
                  <TableCell className="text-right align-top md:align-middle">
                    {canRemove ? (
                      <ConfirmDialog
                        trigger={<Button type="button" variant="ghost" size="sm">Remove</Button>}
                        title={`Allow calls to ${e.phone} again?`}
                        description="Campaigns may call this number again."
                        confirmLabel="Remove"
                        form={{ fields: { intent: "remove", id: e.id } }}
                      />
                    ) : null}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </Card>
      )}
    </>
  );
}
