// Platform console home: every business, searchable by name, slug or owner e-mail; open a new
// business for someone (they get an owner invite); suspend or reactivate one.
import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useFetcher, useLoaderData, useSearchParams } from "@remix-run/react";
import { TRPCError } from "@trpc/server";
import { Building2, Plus, Search } from "lucide-react";
import { useEffect, useState } from "react";
import { z } from "zod";
import { countryOptions } from "../../../server/tenancy/countries";
import {
  INDUSTRIES,
  INDUSTRY_LABELS,
  newBusinessSchema,
  timeZoneOptions,
} from "../../../server/tenancy/business-profile-schema";
import { Badge } from "../../components/ui/badge";
import { Button } from "../../components/ui/button";
import { Card, CardContent } from "../../components/ui/card";
import { ConfirmDialog } from "../../components/ui/confirm-dialog";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
  DialogTrigger,
} from "../../components/ui/dialog";
import { EmptyState } from "../../components/ui/empty-state";
import { Field } from "../../components/ui/field";
import { Input } from "../../components/ui/input";
import { PageHeader } from "../../components/ui/page-header";
import { Select } from "../../components/ui/select";
import { Spinner } from "../../components/ui/spinner";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "../../components/ui/table";
import { useLoadMore } from "../../hooks/use-load-more";
import { jsonWithToast, redirectWithToast } from "../../toast.server";
import { rethrowAsResponse, serverCaller } from "../../trpc.server";
import { formatDate } from "../../components/business-time";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const params = new URL(request.url).searchParams;
  const q = params.get("q")?.trim() || undefined;
  const page = await serverCaller(request, context)
    .platform.tenants.list({ q, cursor: params.get("cursor") || undefined })
    .catch(rethrowAsResponse);
  return json({ page, q: q ?? "", timeZones: timeZoneOptions(), countries: countryOptions() });
}

const intents = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("create"),
    name: z.string(),
    ownerEmail: z.string(),
    timezone: z.string(),
    country: z.string(),
    industry: z.string(),
  }),
  z.object({ intent: z.literal("setStatus"), id: z.string().min(1), status: z.enum(["active", "suspended"]), name: z.string() }),
]);

type CreateResult = { ok: boolean; errors: Record<string, string> };

export async function action({ request, context }: ActionFunctionArgs) {
  const parsed = intents.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) {
    return jsonWithToast({ ok: false, errors: {} } as CreateResult, { type: "error", title: "That request was not understood." }, { status: 400 });
  }
  const input = parsed.data;
  const tenants = serverCaller(request, context).platform.tenants;
  if (input.intent === "setStatus") {
    // Back to the list as it was (same search), minus the index marker Remix adds to form posts.
    const back = new URL(request.url);
    back.searchParams.delete("index");
    try {
      const result = await tenants.setStatus({ id: input.id, status: input.status });
      const title =
        input.status === "suspended"
          ? `${input.name} suspended`
          : `${input.name} reactivated`;
      const description =
        input.status === "suspended"
          ? `${result.sessionsEnded} signed-in session(s) ended. Its people can't sign in until you reactivate it.`
          : "Its people can sign in again.";
      return redirectWithToast(`/admin${back.search}`, { type: "success", title, description: result.changed ? description : undefined });
    } catch (error) {
      if (error instanceof TRPCError && error.code !== "INTERNAL_SERVER_ERROR") {
        return redirectWithToast(`/admin${back.search}`, { type: "error", title: "Couldn't change the status", description: error.message });
      }
      throw error;
    }
  }
  // Checked here with the router's own schema so each mistake shows next to its field.
  const business = newBusinessSchema.safeParse(input);
  if (!business.success) {
    const errors: Record<string, string> = {};
    for (const issue of business.error.issues) errors[String(issue.path[0])] ??= issue.message;
    return json({ ok: false, errors } as CreateResult, { status: 400 });
  }
  try {
    const created = await tenants.create(business.data);
    return jsonWithToast({ ok: true, errors: {} } as CreateResult, {
      type: "success",
      title: `${created.name} created`,
      description: `An owner invite is on its way to ${business.data.ownerEmail}.`,
    });
  } catch (error) {
    if (error instanceof TRPCError && error.code !== "INTERNAL_SERVER_ERROR") {
      return json({ ok: false, errors: { form: error.message } } as CreateResult, { status: 400 });
    }
    throw error;
  }
}

// The platform console spans businesses in every zone: dates are UTC.
const formatUtcDate = (value: string) => formatDate(value, "UTC");

export default function AdminBusinesses() {
  const { page, q } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const { items, hasMore, loading, loadMore } = useLoadMore(page, (cursor) => {
    const next = new URLSearchParams(params);
    next.set("cursor", cursor);
    return `/admin?index&${next}`;
  });

  return (
    <>
      <PageHeader
        title="Businesses"
        description="Every business on this Switchboard. Suspending one signs its people out at once."
        actions={<NewBusinessDialog />}
      />

      <Form method="get" role="search" className="mb-4 flex max-w-md gap-2">
        <div className="relative flex-1">
          <Search aria-hidden="true" className="pointer-events-none absolute left-2.5 top-1/2 size-4 -translate-y-1/2 text-muted-foreground" />
          <Input
            type="search"
            name="q"
            defaultValue={q}
            key={q}
            placeholder="Name, slug or owner e-mail"
            aria-label="Search businesses"
            className="pl-8"
          />
        </div>
        <Button type="submit" variant="outline">
          Search
        </Button>
      </Form>

      {items.length === 0 ? (
        <EmptyState
          icon={Building2}
          title={q ? `No business matches "${q}"` : "No businesses yet"}
          description={q ? "Search by business name, slug or the owner's e-mail address." : "Create the first one for a customer."}
        />
      ) : (
        <Card>
          <CardContent className="p-0">
            <Table>
              <TableHeader>
                <TableRow>
                  <TableHead>Business</TableHead>
                  <TableHead className="hidden md:table-cell">Owner</TableHead>
                  <TableHead className="hidden sm:table-cell">Members</TableHead>
                  <TableHead>Status</TableHead>
                  <TableHead className="hidden lg:table-cell">Created</TableHead>
                  <TableHead className="text-right">
                    <span className="sr-only">Actions</span>
                  </TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {items.map((b) => (
                  <TableRow key={b.id}>
                    <TableCell>
                      <div className="font-medium">{b.name}</div>
                      <div className="text-xs text-muted-foreground">{b.slug}</div>
                    </TableCell>
                    <TableCell className="hidden md:table-cell">
                      {b.ownerEmails.length > 0 ? (
                        <div className="grid">
                          {b.ownerEmails.map((email) => (
                            <span key={email}>{email}</span>
                          ))}
                        </div>
                      ) : b.pendingOwnerEmails.length > 0 ? (
                        <span className="text-muted-foreground">Invited: {b.pendingOwnerEmails.join(", ")}</span>
                      ) : (
                        <span className="text-muted-foreground">No owner</span>
                      )}
                    </TableCell>
                    <TableCell className="hidden tabular-nums sm:table-cell">{b.memberCount}</TableCell>
                    <TableCell>
                      {b.status === "active" ? (
                        <Badge variant="success">Active</Badge>
                      ) : (
                        <Badge variant="destructive" title={b.suspendedAt ? `Since ${formatUtcDate(b.suspendedAt)}` : undefined}>
                          Suspended
                        </Badge>
                      )}
                    </TableCell>
                    <TableCell className="hidden whitespace-nowrap text-muted-foreground lg:table-cell">
                      {formatUtcDate(b.createdAt)}
                    </TableCell>
                    <TableCell className="text-right">
                      {b.status === "active" ? (
                        <ConfirmDialog
                          trigger={
                            <Button variant="ghost" size="sm" className="text-destructive hover:text-destructive">
                              Suspend
                            </Button>
                          }
                          title={`Suspend ${b.name}?`}
                          description="Everyone signed in to this business is signed out now, nobody can sign in to it, and its jobs and calls stop until you reactivate it. Nothing is deleted."
                          confirmLabel="Suspend business"
                          form={{ fields: { intent: "setStatus", id: b.id, status: "suspended", name: b.name } }}
                        />
                      ) : (
                        <ConfirmDialog
                          trigger={
                            <Button variant="outline" size="sm">
                              Reactivate
                            </Button>
                          }
                          title={`Reactivate ${b.name}?`}
                          description="Its people can sign in again and its jobs resume."
                          confirmLabel="Reactivate"
                          destructive={false}
                          form={{ fields: { intent: "setStatus", id: b.id, status: "active", name: b.name } }}
                        />
                      )}
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

/** "New business": a form in a dialog, posted by a fetcher so errors show inside it. */
function NewBusinessDialog() {
  const { timeZones, countries } = useLoaderData<typeof loader>();
  const [open, setOpen] = useState(false);
  const fetcher = useFetcher<typeof action>();
  const busy = fetcher.state !== "idle";
  const errors = fetcher.data && !fetcher.data.ok ? fetcher.data.errors : {};

  useEffect(() => {
    if (fetcher.state === "idle" && fetcher.data?.ok) setOpen(false);
  }, [fetcher.state, fetcher.data]);

  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>
        <Button>
          <Plus aria-hidden="true" /> New business
        </Button>
      </DialogTrigger>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>New business</DialogTitle>
          <DialogDescription>The owner gets an e-mail invite to set up their account.</DialogDescription>
        </DialogHeader>
        {/* Keyed so a reopened dialog starts empty after a successful create. */}
        <fetcher.Form method="post" action="/admin?index" className="grid gap-4" noValidate key={open ? "open" : "closed"}>
          <input type="hidden" name="intent" value="create" />
          {errors.form ? <p className="text-sm font-medium text-destructive" role="alert">{errors.form}</p> : null}
          <Field label="Business name" error={errors.name}>
            <Input name="name" required autoComplete="off" maxLength={80} />
          </Field>
          <Field label="Owner's e-mail" error={errors.ownerEmail}>
            <Input name="ownerEmail" type="email" required autoComplete="off" placeholder="owner@example.com" />
          </Field>
          <div className="grid gap-4 sm:grid-cols-2">
            <Field label="Country" error={errors.country}>
              <Select name="country" defaultValue="US">
                {countries.map((c) => (
                  <option key={c.code} value={c.code}>
                    {c.name}
                  </option>
                ))}
              </Select>
            </Field>
            <Field label="Industry" error={errors.industry}>
              <Select name="industry" defaultValue="general">
                {INDUSTRIES.map((i) => (
                  <option key={i} value={i}>
                    {INDUSTRY_LABELS[i]}
                  </option>
                ))}
              </Select>
            </Field>
          </div>
          <Field label="Time zone" error={errors.timezone}>
            <Select name="timezone" defaultValue="America/New_York">
              {timeZones.map((zone) => (
                <option key={zone} value={zone}>
                  {zone.replaceAll("_", " ")}
                </option>
              ))}
            </Select>
          </Field>
          <DialogFooter>
            <Button variant="outline" onClick={() => setOpen(false)}>
              Cancel
            </Button>
            <Button type="submit" disabled={busy}>
              {busy ? <Spinner label="Creating" className="text-primary-foreground" /> : null}
              Create and invite owner
            </Button>
          </DialogFooter>
        </fetcher.Form>
      </DialogContent>
    </Dialog>
  );
}
