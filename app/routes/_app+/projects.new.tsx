// A project added by hand (agencies whose tool is not synced): client, name, status, due date,
// owner and the first update the receptionist will read to the client.
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { WRITE_ROLES } from "../../../server/auth/types";
import { PROJECT_STATUSES } from "../../../server/projects/status";
import { ProjectFields } from "../../components/projects/project-form";
import { projectFormErrorResponse, projectFormValues, projectOwnerOptions } from "../../components/projects/project-form.server";
import { Alert } from "../../components/ui/alert";
import { Button } from "../../components/ui/button";
import { Card, CardContent } from "../../components/ui/card";
import { PageHeader } from "../../components/ui/page-header";
import { redirectWithToast } from "../../toast.server";
import { serverCaller } from "../../trpc.server";

export const meta: MetaFunction = () => [{ title: "New project · Switchboard" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const role = context.auth?.membership?.role;
  if (!role || !WRITE_ROLES.includes(role)) throw new Response("Only owners, admins and staff can add projects.", { status: 403 });
  return json({ owners: await projectOwnerOptions(request, context), me: context.auth?.user.id ?? null });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData();
  const status = String(form.get("status") ?? "");
  try {
    const project = await serverCaller(request, context).projects.create({
      ...projectFormValues(form),
      status: (PROJECT_STATUSES as readonly string[]).includes(status) ? (status as (typeof PROJECT_STATUSES)[number]) : undefined,
      updateSummary: String(form.get("updateSummary") ?? ""),
    });
    return redirectWithToast(`/projects/${project.id}`, { type: "success", title: `Project "${project.name}" added` });
  } catch (error) {
    return projectFormErrorResponse(error, "create");
  }
}

export default function NewProjectPage() {
  const { owners, me } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const errors = actionData?.errors ?? {};

  return (
    <>
      <nav className="mb-2 text-sm">
        <Link to="/projects" className="text-muted-foreground hover:text-foreground">
          ← Projects
        </Link>
      </nav>
      <PageHeader title="New project" description="For work tracked outside Asana, Jira or Monday. The receptionist reads its status and update to the client." />
      <Card className="max-w-3xl">
        <CardContent className="p-5">
          <Form method="post" className="grid gap-4">
            {errors.form ? <Alert variant="destructive">{errors.form}</Alert> : null}
            <ProjectFields
              withStatus
              owners={owners}
              errors={errors}
              defaults={{ name: "", company: "", contact: null, dueDate: null, ownerId: owners.some((o) => o.id === me) ? me : null }}
            />
            <div className="flex gap-2">
              <Button type="submit" disabled={navigation.state !== "idle"}>
                Add project
              </Button>
              <Button asChild variant="ghost">
                <Link to="/projects">Cancel</Link>
              </Button>
            </div>
          </Form>
        </CardContent>
      </Card>
    </>
  );
}
