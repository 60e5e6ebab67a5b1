// Settings > Inbound calls: which published inbound workflow answers the business's phone.
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { PhoneIncoming } from "lucide-react";
import { z } from "zod";
import { ADMIN_ROLES } from "../../../server/auth/types";
import { refusalMessage } from "../../components/action-errors.server";
import { Alert } from "../../components/ui/alert";
import { Button } from "../../components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "../../components/ui/card";
import { EmptyState } from "../../components/ui/empty-state";
import { Field } from "../../components/ui/field";
import { Select } from "../../components/ui/select";
import { jsonWithToast, redirectWithToast } from "../../toast.server";
import { rethrowAsResponse, serverCaller } from "../../trpc.server";

export const meta: MetaFunction = () => [{ title: "Inbound calls · Settings · Switchboard" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const workflows = serverCaller(request, context).workflows;
  const [inbound, list] = await Promise.all([workflows.inbound(), workflows.list()]).catch(rethrowAsResponse);
  const role = context.auth?.membership?.role;
  return json({
    inbound,
    choices: list.filter((w) => w.direction === "inbound").map((w) => ({ id: w.id, name: w.name, version: w.currentVersion?.version ?? null })),
    canEdit: !!role && ADMIN_ROLES.includes(role),
  });
}

const input = z.object({ workflowId: z.string().max(64) });

export async function action({ request, context }: ActionFunctionArgs) {
  const parsed = input.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return json({ error: "Choose a workflow." }, { status: 400 });
  try {
    await serverCaller(request, context).workflows.setInbound({ workflowId: parsed.data.workflowId || null });
    return redirectWithToast("/settings/inbound", {
      type: "success",
      title: parsed.data.workflowId ? "Inbound calls updated" : "No workflow answers inbound calls now",
    });
  } catch (error) {
    const message = refusalMessage(error);
    return jsonWithToast({ error: message }, { type: "error", title: "Couldn't change it", description: message }, { status: 400 });
  }
}

export default function InboundSettings() {
  const { inbound, choices, canEdit } = useLoaderData<typeof loader>();
  const busy = useNavigation().state === "submitting";
  return (
    <Card>
      <CardHeader>
        <CardTitle>Who answers inbound calls</CardTitle>
        <CardDescription>Calls to your numbers are answered by the live version of this workflow.</CardDescription>
      </CardHeader>
      <CardContent className="grid gap-4">
        {!canEdit ? <Alert title="Read-only">Only owners and admins can change this.</Alert> : null}
        {choices.length === 0 ? (
          <EmptyState
            icon={PhoneIncoming}
            title="No inbound workflow yet"
            description="Create one from the receptionist template, test it and publish it."
            action={
              <Link to="/workflows" className="text-sm font-medium underline underline-offset-4">
                Go to Workflows
              </Link>
            }
          />
        ) : (
          <Form method="post" className="grid gap-3 sm:grid-cols-[minmax(0,24rem)_auto] sm:items-end">
            <Field label="Workflow" hint="Only published inbound workflows can answer calls.">
              <Select name="workflowId" defaultValue={inbound?.workflowId ?? ""} disabled={!canEdit}>
                <option value="">None (calls are not answered)</option>
                {choices.map((c) => (
                  <option key={c.id} value={c.id} disabled={c.version === null}>
                    {c.name}
                    {c.version === null ? " (not published)" : ` (v${c.version})`}
                  </option>
                ))}
              </Select>
            </Field>
            {canEdit ? (
              <Button type="submit" disabled={busy}>
                Save
              </Button>
            ) : null}
          </Form>
        )}
        {inbound ? (
          <p className="text-sm text-muted-foreground">
            Now: <Link to={`/workflows/${inbound.workflowId}`} className="font-medium text-foreground underline-offset-4 hover:underline">{inbound.name}</Link>
            {inbound.currentVersion ? ` · version ${inbound.currentVersion.version}` : " · not published"}
          </p>
        ) : null}
      </CardContent>
    </Card>
  );
}
