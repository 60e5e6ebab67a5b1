// Test call page: talk to a workflow (its saved draft or any published version) in the browser,
// as a known contact or a new caller. The conversation is stored as a call with direction `test`.
import { json, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { isRouteErrorResponse, Link, useLoaderData, useRouteError } from "@remix-run/react";
import { ArrowLeft } from "lucide-react";
import { z } from "zod";
import { refusalMessage } from "../../components/action-errors.server";
import { TestCall, type TestCallActionResult } from "../../components/workflow-editor/test-call";
import { VoiceTestPanel, type VoiceTestSessionInfo } from "../../components/voice-test/voice-test-panel";
import { Alert } from "../../components/ui/alert";
import { buttonClasses } from "../../components/ui/button";
import { PageHeader } from "../../components/ui/page-header";
import xyflowStyles from "../../styles/xyflow.css";
import { rethrowAsResponse, serverCaller } from "../../trpc.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: xyflowStyles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Test call · ${data?.workflow.name ?? "Workflow"} · Switchboard` }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const caller = serverCaller(request, context);
  const [data, voice] = await Promise.all([
    caller.testCalls.targets({ workflowId: params.workflowId ?? "" }),
    caller.voiceTest.availability(),
  ]).catch(rethrowAsResponse);
  return json({ ...data, voice });
}

const requestSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("start"),
    target: z.string().min(1).max(64),
    contactId: z.string().min(1).max(64).nullable().optional(),
    callerPhone: z.string().max(32).nullable().optional(),
  }),
  z.object({ intent: z.literal("turn"), callId: z.string().min(1).max(64), utterance: z.string().max(2000), silence: z.boolean().default(false) }),
  z.object({ intent: z.literal("voice"), target: z.string().min(1).max(64) }),
]);

export async function action({ request, context, params }: ActionFunctionArgs) {
  const parsed = requestSchema.safeParse(await request.json().catch(() => null));
  if (!parsed.success) return json<TestCallActionResult>({ ok: false, intent: "unknown", error: "That request was not understood." }, { status: 400 });
  const req = parsed.data;
  const caller = serverCaller(request, context);
  const testCalls = caller.testCalls;
  if (req.intent === "voice") {
    // Voice: the server creates the test call, its room and the agent dispatch, and hands the
    // browser a short-lived token for that room only.
    try {
      const session = await caller.voiceTest.start({ workflowId: params.workflowId ?? "", target: req.target });
      return json({ ok: true as const, intent: "voice" as const, session });
    } catch (error) {
      return json({ ok: false as const, intent: "voice" as const, error: refusalMessage(error) }, { status: 400 });
    }
  }
  try {
    const turn =
      req.intent === "start"
        ? await testCalls.start({ workflowId: params.workflowId ?? "", target: req.target, contactId: req.contactId, callerPhone: req.callerPhone })
        : await testCalls.turn({ callId: req.callId, utterance: req.utterance, silence: req.silence });
    return json<TestCallActionResult>({
      ok: true,
      intent: req.intent,
      turn: {
        callId: turn.callId,
        say: turn.say,
        nodeId: turn.nodeId,
        waiting: turn.waiting,
        ended: turn.ended,
        outcome: turn.outcome,
        actions: turn.actions,
        slots: turn.slots,
        path: turn.path,
      },
    });
  } catch (error) {
    return json<TestCallActionResult>({ ok: false, intent: req.intent, error: refusalMessage(error) }, { status: 400 });
  }
}

export default function TestCallPage() {
  const { workflow, targets, currentVersionId, voice } = useLoaderData<typeof loader>();
  const startVoice = async (): Promise<VoiceTestSessionInfo> => {
    const res = await fetch(`/workflows/${workflow.id}/test-call?_data=routes%2F_app%2B%2Fworkflows.%24workflowId_.test-call`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ intent: "voice", target: currentVersionId ?? "draft" }),
    });
    const body = (await res.json()) as { ok: boolean; session?: VoiceTestSessionInfo; error?: string };
    if (!body.ok || !body.session) throw new Error(body.error ?? "The voice test could not start.");
    return body.session;
  };
  return (
    <>
      <PageHeader
        title={`Test call · ${workflow.name}`}
        description="Type what a caller would say; the agent answers with the real workflow. Try the saved draft before you publish it."
        actions={
          <Link to={`/workflows/${workflow.id}`} className={buttonClasses({ variant: "outline" })}>
            <ArrowLeft aria-hidden="true" /> Back to editor
          </Link>
        }
      />
      <TestCall targets={targets} defaultTarget={currentVersionId ?? "draft"} />
      <VoiceTestPanel availability={voice} startSession={startVoice} className="mt-6" />
    </>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  const notFound = isRouteErrorResponse(error) && error.status === 404;
  return (
    <div className="grid gap-4">
      <Alert variant="destructive" title={notFound ? "Workflow not found" : "The test call page could not be loaded"}>
        {isRouteErrorResponse(error) ? String(error.data) : "Try again in a moment."}
      </Alert>
      <Link to="/workflows" className={buttonClasses({ variant: "outline", className: "justify-self-start" })}>
        All workflows
      </Link>
    </div>
  );
}
