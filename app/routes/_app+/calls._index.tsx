// Calls: every conversation the receptionist had (inbound, outbound, simulated tests), filtered by
// direction, outcome, workflow, dates or contact, with "Load more" over the cursor-paginated API.
import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { PhoneIncoming, PhoneOutgoing, FlaskConical, Phone } from "lucide-react";
import { CALL_OUTCOMES } from "../../../agents/graphs/spec";
import { formatDateTime, useBusinessTimeZone } from "../../components/business-time";
import { CallStatusBadge, DIRECTION_LABELS, formatDuration, outcomeLabel, SimulatedBadge } from "../../components/calls/call-labels";
import { CursorList, FilterBar, FilterField, useListPage } from "../../components/list-page";
import { Input } from "../../components/ui/input";
import { PageHeader } from "../../components/ui/page-header";
import { Select } from "../../components/ui/select";
import { TableCell, TableRow } from "../../components/ui/table";
import { rethrowAsResponse, serverCaller } from "../../trpc.server";

export const meta: MetaFunction = () => [{ title: "Calls · Switchboard" }];

const DIRECTIONS = ["inbound", "outbound", "test"] as const;
const isDate = (v: string | null) => (v && /^\d{4}-\d{2}-\d{2}$/.test(v) ? v : undefined);

function filtersOf(params: URLSearchParams) {
  const direction = params.get("direction");
  const outcome = params.get("outcome");
  return {
    direction: (DIRECTIONS as readonly string[]).includes(direction ?? "") ? (direction as (typeof DIRECTIONS)[number]) : undefined,
    outcome: (CALL_OUTCOMES as readonly string[]).includes(outcome ?? "") ? (outcome as (typeof CALL_OUTCOMES)[number]) : undefined,
    workflowId: params.get("workflow")?.slice(0, 64) || undefined,
    contactId: params.get("contact")?.slice(0, 64) || undefined,
    from: isDate(params.get("from")),
    to: isDate(params.get("to")),
    cursor: params.get("cursor")?.slice(0, 64) || undefined,
  };
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  const caller = serverCaller(request, context);
  const [page, workflows] = await Promise.all([
    caller.calls.list(filtersOf(new URL(request.url).searchParams)),
    caller.workflows.list({ includeArchived: true }),
  ]).catch(rethrowAsResponse);
  return json({ page, workflows: workflows.map((w) => ({ id: w.id, name: w.name })) });
}

const DIRECTION_ICON = { inbound: PhoneIncoming, outbound: PhoneOutgoing, test: FlaskConical } as const;

export default function CallsPage() {
  const { page, workflows } = useLoaderData<typeof loader>();
  const timeZone = useBusinessTimeZone();
  const list = useListPage(page, { path: "/calls", index: true, filterKeys: ["direction", "outcome", "workflow", "from", "to", "contact"] });
  const { params, filtered } = list;

  return (
    <>
      <PageHeader title="Calls" description="Every call your AI receptionist answered or placed, and every test conversation." />

      <FilterBar>
        <FilterField id="call-direction" label="Direction" className="sm:w-36">
          <Select id="call-direction" name="direction" defaultValue={params.get("direction") ?? ""}>
            <option value="">All</option>
            {DIRECTIONS.map((d) => (
              <option key={d} value={d}>
                {DIRECTION_LABELS[d]}
              </option>
            ))}
          </Select>
        </FilterField>
        <FilterField id="call-outcome" label="Outcome" className="sm:w-48">
          <Select id="call-outcome" name="outcome" defaultValue={params.get("outcome") ?? ""}>
            <option value="">Any outcome</option>
            {CALL_OUTCOMES.map((o) => (
              <option key={o} value={o}>
                {outcomeLabel(o)}
              </option>
            ))}
          </Select>
        </FilterField>
        <FilterField id="call-workflow" label="Workflow" className="sm:w-48">
          <Select id="call-workflow" name="workflow" defaultValue={params.get("workflow") ?? ""}>
            <option value="">Any workflow</option>
            {workflows.map((w) => (
              <option key={w.id} value={w.id}>
                {w.name}
              </option>
            ))}
          </Select>
        </FilterField>
        <FilterField id="call-from" label="From" className="sm:w-40">
          <Input id="call-from" name="from" type="date" defaultValue={params.get("from") ?? ""} />
        </FilterField>
        <FilterField id="call-to" label="To" className="sm:w-40">
          <Input id="call-to" name="to" type="date" defaultValue={params.get("to") ?? ""} />
        </FilterField>
        {params.get("contact") ? <input type="hidden" name="contact" value={params.get("contact") ?? ""} /> : null}
      </FilterBar>

      <CursorList
        {...list}
        empty={{
          icon: Phone,
          title: filtered ? "No matching calls" : "No calls yet",
          description: filtered
            ? "Try other filters or a wider date range."
            : "Calls appear here as they happen, with transcript, outcome and summary. Try a workflow on its Test call page, or connect a phone number in Settings → Phone numbers.",
        }}
        columns={[
          { label: "Call" },
          { label: "Status" },
          { label: "Outcome", className: "hidden sm:table-cell" },
          { label: "Workflow", className: "hidden md:table-cell" },
          { label: "Started", className: "hidden md:table-cell" },
          { label: "Length", className: "hidden lg:table-cell text-right" },
        ]}
        rows={(items) =>
          items.map((c) => {
            const Icon = DIRECTION_ICON[c.direction];
            return (
              <TableRow key={c.id}>
                <TableCell>
                  <div className="flex items-center gap-2">
                    <Icon className="size-4 shrink-0 text-muted-foreground" aria-label={DIRECTION_LABELS[c.direction]} />
                    <Link to={`/calls/${c.id}`} className="font-medium underline-offset-4 hover:underline">
                      {c.contact?.name ?? (c.otherNumber || (c.simulated ? "Test conversation" : "Unknown caller"))}
                    </Link>
                    {c.simulated ? <SimulatedBadge /> : null}
                  </div>
                  <div className="text-xs text-muted-foreground md:hidden">{formatDateTime(c.startedAt, timeZone)}</div>
                  {c.summary ? <p className="mt-1 line-clamp-1 max-w-md text-xs text-muted-foreground">{c.summary}</p> : null}
                </TableCell>
                <TableCell>
                  <CallStatusBadge status={c.status} />
                </TableCell>
                <TableCell className="hidden sm:table-cell">{c.outcome ? outcomeLabel(c.outcome) : "—"}</TableCell>
                <TableCell className="hidden md:table-cell">{c.workflow?.name ?? "—"}</TableCell>
                <TableCell className="hidden whitespace-nowrap md:table-cell">{formatDateTime(c.startedAt, timeZone)}</TableCell>
                <TableCell className="hidden text-right tabular-nums lg:table-cell">{formatDuration(c.durationSec)}</TableCell>
              </TableRow>
            );
          })
        }
      />
    </>
  );
}
