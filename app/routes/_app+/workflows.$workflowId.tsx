// The workflow editor page: loads the draft, its tests and versions, and answers the editor's
// requests (save, run tests, edit tests, publish, roll back, compare) as JSON for its fetchers.
import { json, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { isRouteErrorResponse, Link, useLoaderData, useRouteError } from "@remix-run/react";
import { ADMIN_ROLES, WRITE_ROLES } from "../../../server/auth/types";
import { WorkflowEditor } from "../../components/workflow-editor/editor";
import { Alert } from "../../components/ui/alert";
import { buttonClasses } from "../../components/ui/button";
import { rethrowAsResponse, serverCaller } from "../../trpc.server";
import xyflowStyles from "../../styles/xyflow.css";
import { editorAction, toScenarioRows, toVersionRows } from "./workflows.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: xyflowStyles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.workflow.name ?? "Workflow"} · Workflows · Switchboard` }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const id = params.workflowId ?? "";
  const workflows = serverCaller(request, context).workflows;
  const [workflow, versions, scenarios] = await Promise.all([
    workflows.get({ id }),
    workflows.versions({ id }),
    workflows.scenarios.list({ workflowId: id }),
  ]).catch(rethrowAsResponse);
  const role = context.auth?.membership?.role;
  return json({
    workflow: {
      id: workflow.id,
      name: workflow.name,
      direction: workflow.direction,
      currentVersion: workflow.currentVersion?.version ?? null,
      draftUpdatedAt: new Date(workflow.draftUpdatedAt).toISOString(),
    },
    draft: workflow.draft,
    versions: toVersionRows(versions),
    scenarios: toScenarioRows(scenarios),
    canEdit: !!role && ADMIN_ROLES.includes(role),
    canRunTests: !!role && WRITE_ROLES.includes(role),
    isAdmin: !!role && ADMIN_ROLES.includes(role),
  });
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  return editorAction(serverCaller(request, context).workflows, params.workflowId ?? "", await request.json().catch(() => null));
}

export default function WorkflowEditorPage() {
  const data = useLoaderData<typeof loader>();
  // The key remounts the editor (and its undo history) when another workflow opens.
  return <WorkflowEditor key={data.workflow.id} {...data} draft={data.draft} />;
}

export function ErrorBoundary() {
  const error = useRouteError();
  const notFound = isRouteErrorResponse(error) && error.status === 404;
  return (
    <div className="grid gap-4">
      <Alert variant="destructive" title={notFound ? "Workflow not found" : "This workflow could not be loaded"}>
        {notFound ? "It may have been removed, or it belongs to another business." : "Try again in a moment."}
      </Alert>
      <Link to="/workflows" className={buttonClasses({ variant: "outline", className: "justify-self-start" })}>
        All workflows
      </Link>
    </div>
  );
}
