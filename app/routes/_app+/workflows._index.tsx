// Workflows: what the agent says and does on each kind of call. The list shows each workflow's
// direction, live version, whether its draft has unpublished changes, and which one answers
// inbound calls; new ones start from a template.
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, isRouteErrorResponse, Link, useLoaderData, useNavigation, useRouteError } from "@remix-run/react";
import { PhoneIncoming, Plus, Workflow } from "lucide-react";
import { useState } from "react";
import { z } from "zod";
import { ADMIN_ROLES } from "../../../server/auth/types";
import { formatDateTime, useBusinessTimeZone } from "../../components/business-time";
import { refusalMessage } from "../../components/action-errors.server";
import { Alert } from "../../components/ui/alert";
import { Badge } from "../../components/ui/badge";
import { Button } from "../../components/ui/button";
import { Card, CardContent } from "../../components/ui/card";
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle } from "../../components/ui/dialog";
import { EmptyState } from "../../components/ui/empty-state";
import { Field } from "../../components/ui/field";
import { Input } from "../../components/ui/input";
import { Select } from "../../components/ui/select";
import { PageHeader } from "../../components/ui/page-header";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "../../components/ui/table";
import { jsonWithToast, redirectWithToast } from "../../toast.server";
import { rethrowAsResponse, serverCaller } from "../../trpc.server";
import { templatesOrNull } from "./workflows.server";

export const meta: MetaFunction = () => [{ title: "Workflows · Switchboard" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const workflows = serverCaller(request, context).workflows;
  const [list, templates] = await Promise.all([
    workflows.list(),
    templatesOrNull(workflows),
  ]).catch(rethrowAsResponse);
  const role = context.auth?.membership?.role;
  return json({ workflows: list, templates, canEdit: !!role && ADMIN_ROLES.includes(role) });
}

const intents = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("create"), templateKey: z.string().min(1).max(100) }),
  z.object({ intent: z.literal("blank"), name: z.string().trim().min(1).max(120), direction: z.enum(["inbound", "outbound"]) }),
  z.object({ intent: z.literal("inbound"), workflowId: z.string().min(1).max(64) }),
]);

export async function action({ request, context }: ActionFunctionArgs) {
  const parsed = intents.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return json({ error: parsed.error.issues[0]?.message ?? "Choose a template." }, { status: 400 });
  const workflows = serverCaller(request, context).workflows;
  try {
    if (parsed.data.intent === "create" || parsed.data.intent === "blank") {
      const created =
        parsed.data.intent === "create"
          ? await workflows.createFromTemplate({ templateKey: parsed.data.templateKey })
          : await workflows.createBlank({ name: parsed.data.name, direction: parsed.data.direction });
      return redirectWithToast(`/workflows/${created.id}`, {
        type: "success",
        title: `${created.name} created`,
        description: "Adjust it, run its tests, then publish.",
      });
    }
    await workflows.setInbound({ workflowId: parsed.data.workflowId });
    return redirectWithToast("/workflows", { type: "success", title: "Inbound calls updated" });
  } catch (error) {
    return jsonWithToast({ error: refusalMessage(error) }, { type: "error", title: "Couldn't do that", description: refusalMessage(error) }, { status: 400 });
  }
}

export default function WorkflowsPage() {
  const { workflows, templates, canEdit } = useLoaderData<typeof loader>();
  const timeZone = useBusinessTimeZone();
  const [open, setOpen] = useState(false);
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  const hasInbound = workflows.some((w) => w.answersInbound);

  // One dialog, opened from the header and from the empty state.
  const newButton = canEdit ? (
    <Button onClick={() => setOpen(true)}>
      <Plus aria-hidden="true" /> New from template
    </Button>
  ) : null;
  const dialog = canEdit ? (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogContent className="max-w-3xl">
        <DialogHeader>
          <DialogTitle>Start from a template</DialogTitle>
          <DialogDescription>Each template comes with its tests. You can change every step afterwards.</DialogDescription>
        </DialogHeader>
        {!templates || templates.length === 0 ? (
          <EmptyState title="No templates available" description={templates ? "There are no templates yet." : "The template library could not be loaded. Try again in a moment."} />
        ) : (
          <ul className="grid gap-3 sm:grid-cols-2" aria-label="Templates">
            {templates.map((t) => (
              <li key={t.key}>
                <Form method="post" className="h-full">
                  <input type="hidden" name="intent" value="create" />
                  <input type="hidden" name="templateKey" value={t.key} />
                  <button
                    type="submit"
                    disabled={busy}
                    className="flex h-full w-full flex-col gap-1.5 rounded-lg border p-3 text-left transition-colors hover:border-primary hover:bg-accent focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring disabled:opacity-60"
                  >
                    <span className="flex flex-wrap items-center gap-1.5">
                      <span className="font-medium">{t.name}</span>
                      <Badge variant="secondary" className="capitalize">
                        {t.direction}
                      </Badge>
                      {t.industry ? <Badge variant="outline">{t.industry}</Badge> : null}
                    </span>
                    <span className="text-sm text-muted-foreground">{t.description}</span>
                  </button>
                </Form>
              </li>
            ))}
          </ul>
        )}
        <Form method="post" className="grid gap-2 border-t pt-4 sm:grid-cols-[1fr_9rem_auto] sm:items-end">
          <input type="hidden" name="intent" value="blank" />
          <Field label="Or start blank">
            <Input name="name" placeholder="Workflow name" required maxLength={120} />
          </Field>
          <Field label="Direction">
            <Select name="direction" defaultValue="inbound">
              <option value="inbound">Inbound</option>
              <option value="outbound">Outbound</option>
            </Select>
          </Field>
          <Button type="submit" variant="outline" disabled={busy}>
            Create
          </Button>
        </Form>
      </DialogContent>
    </Dialog>
  ) : null;

  return (
    <>
      <PageHeader title="Workflows" description="What the receptionist says and does on each kind of call." actions={newButton} />
      {dialog}
      {workflows.length > 0 && !hasInbound ? (
        <Alert variant="warning" title="No workflow answers inbound calls" className="mb-4">
          Publish an inbound workflow and choose it below (or in Settings › Inbound calls) so callers are answered.
        </Alert>
      ) : null}
      {workflows.length === 0 ? (
        <EmptyState
          icon={Workflow}
          title="No workflows yet"
          description="Start from a template — reception, lead qualification, reminders, collections — adjust each step visually, test it in the browser and publish it."
          action={newButton}
        />
      ) : (
        <Card>
          <CardContent className="p-0">
            <Table>
              <TableHeader>
                <TableRow>
                  <TableHead>Name</TableHead>
                  <TableHead className="hidden sm:table-cell">Direction</TableHead>
                  <TableHead>Live version</TableHead>
                  <TableHead className="hidden md:table-cell">Draft</TableHead>
                  <TableHead className="text-right">Inbound calls</TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {workflows.map((w) => (
                  <TableRow key={w.id}>
                    <TableCell>
                      <Link to={`/workflows/${w.id}`} className="font-medium underline-offset-4 hover:underline">
                        {w.name}
                      </Link>
                      {w.description ? <p className="line-clamp-1 max-w-md text-xs text-muted-foreground">{w.description}</p> : null}
                    </TableCell>
                    <TableCell className="hidden capitalize sm:table-cell">{w.direction}</TableCell>
                    <TableCell>
                      {w.currentVersion ? (
                        <span title={formatDateTime(w.currentVersion.publishedAt, timeZone)}>v{w.currentVersion.version}</span>
                      ) : (
                        <Badge variant="outline">Not published</Badge>
                      )}
                    </TableCell>
                    <TableCell className="hidden md:table-cell">
                      {w.unpublishedChanges ? (
                        <Badge variant="warning">Unpublished changes</Badge>
                      ) : (
                        <span className="text-xs text-muted-foreground">Same as live</span>
                      )}
                      <p className="text-xs text-muted-foreground">Saved {formatDateTime(w.draftUpdatedAt, timeZone)}</p>
                    </TableCell>
                    <TableCell className="text-right">
                      {w.answersInbound ? (
                        <Badge variant="success">
                          <PhoneIncoming className="size-3" aria-hidden="true" /> Answers inbound
                        </Badge>
                      ) : canEdit && w.direction === "inbound" && w.currentVersion ? (
                        <Form method="post">
                          <input type="hidden" name="intent" value="inbound" />
                          <input type="hidden" name="workflowId" value={w.id} />
                          <Button type="submit" variant="ghost" size="sm" disabled={busy}>
                            Use for inbound
                          </Button>
                        </Form>
                      ) : null}
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </CardContent>
        </Card>
      )}
    </>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  return (
    <>
      <PageHeader title="Workflows" />
      <Alert variant="destructive" title="Workflows could not be loaded">
        {isRouteErrorResponse(error) ? error.data : "Try again in a moment."}
      </Alert>
    </>
  );
}
