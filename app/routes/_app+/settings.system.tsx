// Settings → System status: each external service, whether it is configured, what it unlocks,
// and how its last calls went. A failing provider shows its breaker state and last error, so an
// operator sees "ElevenLabs failing since 10:42, OpenAI voice in use" instead of guessing.
import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Badge, type BadgeVariant } from "../../components/ui/badge";
import { formatDateTime, useBusinessTimeZone } from "../../components/business-time";
import { rethrowAsResponse, serverCaller } from "../../trpc.server";

export const meta: MetaFunction = () => [{ title: "System status · Switchboard" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const status = await serverCaller(request, context).system.status().catch(rethrowAsResponse);
  return json(status);
}

const STATE: Record<string, { label: string; variant: BadgeVariant }> = {
  closed: { label: "Healthy", variant: "success" },
  half_open: { label: "Recovering", variant: "warning" },
  open: { label: "Failing", variant: "destructive" },
  unknown: { label: "No calls yet", variant: "secondary" },
};

export default function SystemStatus() {
  const { dependencies } = useLoaderData<typeof loader>();
  const timeZone = useBusinessTimeZone();
  return (
    <div className="space-y-4">
      <p className="text-sm text-muted-foreground">
        Switchboard works without any of these services. Each one you configure (environment variables, see the
        README) unlocks more; when one fails, calls switch to its fallback and the failure shows here.
      </p>
      <ul className="divide-y rounded-lg border">
        {dependencies.map((d) => {
          const state = d.configured ? (STATE[d.state] ?? STATE.unknown!) : { label: "Not configured", variant: "outline" as const };
          return (
            <li key={d.name} className="flex flex-col gap-1 p-4 sm:flex-row sm:items-start sm:justify-between sm:gap-6">
              <div className="min-w-0 space-y-1">
                <p className="font-medium">{d.title}</p>
                <p className="text-sm text-muted-foreground">{d.unlocks}</p>
                {d.lastError ? (
                  <p className="break-words text-sm text-destructive">
                    Last error{d.lastErrorAt ? ` (${formatDateTime(d.lastErrorAt, timeZone)})` : ""}: {d.lastError}
                  </p>
                ) : null}
                {d.state === "open" && d.retryAt ? (
                  <p className="text-sm text-muted-foreground">Next attempt after {formatDateTime(d.retryAt, timeZone)}; the fallback is in use until then.</p>
                ) : null}
              </div>
              <Badge variant={state.variant} className="shrink-0 self-start">
                {state.label}
              </Badge>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
