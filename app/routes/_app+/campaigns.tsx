// Campaigns: the outbound work the receptionist calls through (reminders, collections, lists),
// each with its queue counts; links to the Safeguards and do-not-call pages. Staff create campaigns.
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Megaphone, PhoneOff, ShieldCheck } from "lucide-react";
import { z } from "zod";
import { WRITE_ROLES } from "../../../server/auth/types";
import { Alert } from "../../components/ui/alert";
import { Badge } from "../../components/ui/badge";
import { Button, buttonClasses } from "../../components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "../../components/ui/card";
import { EmptyState } from "../../components/ui/empty-state";
import { Field } from "../../components/ui/field";
import { Input } from "../../components/ui/input";
import { PageHeader } from "../../components/ui/page-header";
import { Select } from "../../components/ui/select";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "../../components/ui/table";
import { redirectWithToast } from "../../toast.server";
import { rethrowAsResponse, serverCaller } from "../../trpc.server";

export const meta: MetaFunction = () => [{ title: "Campaigns · Switchboard" }];

const CAMPAIGN_TYPE_LABELS = { reminder: "Appointment reminders", collections: "Collections", list: "Contact list" } as const;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const api = serverCaller(request, context).campaigns;
  const [campaigns, safeguards] = await Promise.all([api.list(), api.safeguards()]).catch(rethrowAsResponse);
  const role = context.auth?.membership?.role;
  return json({ campaigns, paused: safeguards.settings.paused, telephonyConfigured: safeguards.telephonyConfigured, canWrite: !!role && WRITE_ROLES.includes(role) });
}

const createSchema = z.object({ name: z.string().trim().min(1, "Give the campaign a name").max(120), type: z.enum(["reminder", "collections", "list"]) });

export async function action({ request, context }: ActionFunctionArgs) {
  const parsed = createSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return json({ error: parsed.error.issues[0]!.message }, { status: 400 });
  const campaign = await serverCaller(request, context).campaigns.create({ ...parsed.data, settings: {} }).catch(rethrowAsResponse);
  return redirectWithToast(`/campaigns/${campaign.id}`, { type: "success", title: `${campaign.name} created`, description: "It starts paused: check its settings, then activate it." });
}

export default function CampaignsPage() {
  const { campaigns, paused, telephonyConfigured, canWrite } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  return (
    <>
      <PageHeader
        title="Campaigns"
        description="Outbound calls the receptionist works through for you, within calling hours and the law."
        actions={
          <div className="flex gap-2">
            <Link to="/campaigns/safeguards" className={buttonClasses({ variant: "outline" })}>
              <ShieldCheck className="size-4" aria-hidden="true" /> Safeguards
            </Link>
            <Link to="/campaigns/do-not-call" className={buttonClasses({ variant: "outline" })}>
              <PhoneOff className="size-4" aria-hidden="true" /> Do not call
            </Link>
          </div>
        }
      />
      {paused ? (
        <Alert variant="warning" title="Outbound calling is paused" className="mb-4">
          No campaign calls are placed until an admin resumes calling on the <Link className="underline" to="/campaigns/safeguards">Safeguards</Link> page.
        </Alert>
      ) : null}
      {!telephonyConfigured ? (
        <Alert variant="info" title="Telephony is not connected" className="mb-4">
          Tasks are planned and wait with the reason “telephony not configured”. Set LIVEKIT_URL, LIVEKIT_API_KEY and LIVEKIT_API_SECRET and add an outbound number on the Phone numbers page to place real calls.
        </Alert>
      ) : null}

      {campaigns.length === 0 ? (
        <EmptyState icon={Megaphone} title="No campaigns yet" description="Create a reminder, collections or list campaign below. Every call passes the compliance guard first." />
      ) : (
        <Card className="mb-6">
          <Table>
            <TableHeader>
              <TableRow>
                <TableHead>Name</TableHead>
                <TableHead className="hidden sm:table-cell">Type</TableHead>
                <TableHead>Status</TableHead>
                <TableHead className="px-2 text-right sm:px-3">Waiting</TableHead>
                <TableHead className="px-2 text-right sm:px-3">Called</TableHead>
                <TableHead className="px-2 text-right sm:px-3">Blocked</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {campaigns.map((c) => (
                <TableRow key={c.id}>
                  <TableCell>
                    <Link to={`/campaigns/${c.id}`} className="font-medium hover:underline">{c.name}</Link>
                    <div className="text-xs text-muted-foreground sm:hidden">{CAMPAIGN_TYPE_LABELS[c.type]}</div>
                  </TableCell>
                  <TableCell className="hidden sm:table-cell">{CAMPAIGN_TYPE_LABELS[c.type]}</TableCell>
                  <TableCell>
                    <Badge variant={c.status === "active" ? "success" : "secondary"}>{c.status === "active" ? "Active" : "Paused"}</Badge>
                  </TableCell>
                  <TableCell className="px-2 text-right tabular-nums sm:px-3">{(c.taskCounts.pending ?? 0) + (c.taskCounts.waiting ?? 0)}</TableCell>
                  <TableCell className="px-2 text-right tabular-nums sm:px-3">{(c.taskCounts.done ?? 0) + (c.taskCounts.failed ?? 0)}</TableCell>
                  <TableCell className="px-2 text-right tabular-nums sm:px-3">{c.taskCounts.blocked ?? 0}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </Card>
      )}

      {canWrite ? (
        <Card className="mt-6 max-w-xl">
          <CardHeader>
            <CardTitle>New campaign</CardTitle>
            <CardDescription>It starts paused with sensible settings; activate it from its page.</CardDescription>
          </CardHeader>
          <CardContent>
            <Form method="post" className="grid gap-4 sm:grid-cols-[1fr_auto_auto] sm:items-end">
              <Field label="Name" error={actionData?.error}>
                <Input name="name" required maxLength={120} placeholder="Next-day reminders" />
              </Field>
              <Field label="Type">
                <Select name="type" defaultValue="reminder">
                  {Object.entries(CAMPAIGN_TYPE_LABELS).map(([value, label]) => (
                    <option key={value} value={value}>{label}</option>
                  ))}
                </Select>
              </Field>
              <Button type="submit" disabled={busy}>Create</Button>
            </Form>
          </CardContent>
        </Card>
      ) : null}
    </>
  );
}
