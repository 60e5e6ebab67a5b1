// One project: where it stands, its client, due date and owner, and what staff keep current by
// hand (until a sync does it): the status, the latest-update text the phone agent reads to a
// caller, and the details (name, client, due date, owner). Viewers read only.
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { WRITE_ROLES } from "../../../server/auth/types";
import { PROJECT_STATUS_LABELS, PROJECT_STATUSES } from "../../../server/projects/status";
import { formatDate, formatDateTime, useBusinessTimeZone } from "../../components/business-time";
import { ProjectFields } from "../../components/projects/project-form";
import { projectFormErrorResponse, projectFormValues, projectOwnerOptions } from "../../components/projects/project-form.server";
import { ProjectStatusBadge } from "../../components/projects/status-badge";
import { Alert } from "../../components/ui/alert";
import { Button } from "../../components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "../../components/ui/card";
import { Field } from "../../components/ui/field";
import { PageHeader } from "../../components/ui/page-header";
import { Select } from "../../components/ui/select";
import { Textarea } from "../../components/ui/textarea";
import { redirectWithToast } from "../../toast.server";
import { rethrowAsResponse, serverCaller } from "../../trpc.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.project.name ?? "Project"} · Switchboard` }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const project = await serverCaller(request, context).projects.get({ id: params.projectId ?? "" }).catch(rethrowAsResponse);
  const role = context.auth?.membership?.role;
  const canWrite = !!role && WRITE_ROLES.includes(role);
  return json({ project, canWrite, owners: canWrite ? await projectOwnerOptions(request, context) : [] });
}

const intents = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("status"), status: z.enum(PROJECT_STATUSES) }),
  z.object({ intent: z.literal("text"), updateSummary: z.string() }),
]);

type Errors = { form: "status" | "text" | null; message: string };

export async function action({ request, context, params }: ActionFunctionArgs) {
  const form = await request.formData();
  if (form.get("intent") === "details") {
    const id = params.projectId ?? "";
    try {
      await serverCaller(request, context).projects.updateDetails({ id, ...projectFormValues(form) });
    } catch (error) {
      return projectFormErrorResponse(error, "details");
    }
    return redirectWithToast(`/projects/${id}`, { type: "success", title: "Project details saved" });
  }
  const parsed = intents.safeParse(Object.fromEntries(form));
  if (!parsed.success) return json<Errors>({ form: null, message: "That request was not understood." }, { status: 400 });
  const input = parsed.data;
  const id = params.projectId ?? "";
  const projects = serverCaller(request, context).projects;
  try {
    if (input.intent === "status") {
      const after = await projects.updateStatus({ id, status: input.status });
      return redirectWithToast(`/projects/${id}`, { type: "success", title: `Status: ${after.statusLabel}` });
    }
    await projects.updateText({ id, updateSummary: input.updateSummary });
    return redirectWithToast(`/projects/${id}`, { type: "success", title: "Update saved", description: "The receptionist will read it to the client." });
  } catch (error) {
    if (error instanceof TRPCError && error.code === "BAD_REQUEST") return json<Errors>({ form: input.intent, message: error.message }, { status: 400 });
    return rethrowAsResponse(error);
  }
}

const SOURCE_NAME = { manual: "Added by hand", asana: "Synced from Asana", jira: "Synced from Jira", monday: "Synced from Monday" } as const;

export default function ProjectPage() {
  const { project, canWrite, owners } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const timeZone = useBusinessTimeZone();
  const busy = (intent: string) => navigation.state !== "idle" && navigation.formData?.get("intent") === intent;
  const errorFor = (form: Errors["form"]) => (actionData && "form" in actionData && actionData.form === form ? actionData.message : null);
  const detailErrors = actionData && "errors" in actionData ? actionData.errors : null;

  return (
    <>
      <nav className="mb-2 text-sm">
        <Link to="/projects" className="text-muted-foreground hover:text-foreground">
          ← Projects
        </Link>
      </nav>
      <PageHeader
        title={
          <span className="flex flex-wrap items-center gap-3">
            {project.name} <ProjectStatusBadge status={project.status} />
          </span>
        }
        description={
          <>
            {project.contact ? (
              <>
                For{" "}
                <Link to={`/contacts/${project.contact.id}`} className="font-medium text-foreground underline-offset-4 hover:underline">
                  {project.contact.name}
                </Link>
                {project.company ? ` · ${project.company}` : null}
              </>
            ) : (
              project.company || "No client linked"
            )}
          </>
        }
      />

      <Card className="mb-6">
        <CardContent className="grid grid-cols-2 gap-4 p-5 sm:grid-cols-4">
          <Fact label="Due" value={project.dueDate ? formatDate(`${project.dueDate}T00:00:00Z`, "UTC") : "No due date"} />
          <Fact label="Owner" value={project.owner?.name ?? "Nobody yet"} />
          <Fact label="Source" value={SOURCE_NAME[project.source]} note={project.externalId ? `id ${project.externalId}` : undefined} />
          <Fact
            label={project.source === "manual" ? "Created" : "Last synced"}
            value={formatDateTime(project.source === "manual" ? project.createdAt : (project.lastSyncedAt ?? project.createdAt), timeZone)}
          />
        </CardContent>
      </Card>

      {actionData && "form" in actionData && actionData.form === null ? <p className="mb-4 text-sm text-destructive">{actionData.message}</p> : null}

      <div className="grid grid-cols-[minmax(0,1fr)] gap-6 lg:grid-cols-[minmax(0,1fr)_20rem]">
        <Card>
          <CardHeader>
            <CardTitle className="text-base">Latest update</CardTitle>
            <CardDescription>
              {project.updatedSummaryAt ? `Written ${formatDateTime(project.updatedSummaryAt, timeZone)}. ` : null}
              What a client hears when they call to ask where their project is.
            </CardDescription>
          </CardHeader>
          <CardContent>
            {canWrite ? (
              <Form method="post" className="grid gap-3">
                <input type="hidden" name="intent" value="text" />
                <Field label="Update" error={errorFor("text")} hint="Plain words, a sentence or two. Leave empty to clear it.">
                  <Textarea name="updateSummary" rows={4} maxLength={2000} defaultValue={project.updateSummary} key={project.updatedSummaryAt ?? "none"} />
                </Field>
                <div>
                  <Button type="submit" disabled={busy("text")}>
                    Save update
                  </Button>
                </div>
              </Form>
            ) : (
              <p className="whitespace-pre-line text-sm">{project.updateSummary || "No update yet."}</p>
            )}
          </CardContent>
        </Card>

        <Card className="self-start">
          <CardHeader>
            <CardTitle className="text-base">Status</CardTitle>
          </CardHeader>
          <CardContent>
            {canWrite ? (
              <Form method="post" className="grid gap-3">
                <input type="hidden" name="intent" value="status" />
                <Field label="Project status" error={errorFor("status")}>
                  <Select name="status" defaultValue={project.status} key={project.status}>
                    {PROJECT_STATUSES.map((s) => (
                      <option key={s} value={s}>
                        {PROJECT_STATUS_LABELS[s]}
                      </option>
                    ))}
                  </Select>
                </Field>
                <div>
                  <Button type="submit" variant="outline" disabled={busy("status")}>
                    Change status
                  </Button>
                </div>
              </Form>
            ) : (
              <ProjectStatusBadge status={project.status} />
            )}
          </CardContent>
        </Card>
      </div>

      {canWrite ? (
        <Card className="mt-6">
          <CardHeader>
            <CardTitle className="text-base">Details</CardTitle>
            <CardDescription>Name, client, due date and owner.{project.source !== "manual" ? " The next sync may overwrite them." : null}</CardDescription>
          </CardHeader>
          <CardContent>
            <Form method="post" className="grid gap-4" key={project.updatedAt}>
              <input type="hidden" name="intent" value="details" />
              {detailErrors?.form ? <Alert variant="destructive">{detailErrors.form}</Alert> : null}
              <ProjectFields
                owners={owners}
                errors={detailErrors ?? {}}
                defaults={{
                  name: project.name,
                  company: project.company,
                  contact: project.contact ? { id: project.contact.id, name: project.contact.name, detail: project.contact.phone ?? "" } : null,
                  dueDate: project.dueDate,
                  ownerId: project.owner?.id ?? null,
                }}
              />
              <div>
                <Button type="submit" variant="outline" disabled={busy("details")}>
                  Save details
                </Button>
              </div>
            </Form>
          </CardContent>
        </Card>
      ) : null}
    </>
  );
}

function Fact({ label, value, note }: { label: string; value: string; note?: string }) {
  return (
    <div>
      <div className="text-xs text-muted-foreground">{label}</div>
      <div className="mt-1 text-sm font-medium">{value}</div>
      {note ? <div className="text-xs text-muted-foreground">{note}</div> : null}
    </div>
  );
}
