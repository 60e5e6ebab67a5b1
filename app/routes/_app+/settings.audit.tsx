// Audit log: every sign-in, team change and settings change in this business, newest first,
// filtered by kind of event and by person. Owners and admins only (the router enforces it).
import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { ScrollText } from "lucide-react";
import { CursorList, FilterBar, FilterField, useListPage } from "../../components/list-page";
import { Select } from "../../components/ui/select";
import { TableCell, TableRow } from "../../components/ui/table";
import { rethrowAsResponse, serverCaller } from "../../trpc.server";
import { formatDateTime } from "../../components/business-time";

export const meta: MetaFunction = () => [{ title: "Audit log · Switchboard" }];

const CATEGORIES = [
  { prefix: "", label: "All events" },
  { prefix: "auth.", label: "Sign-in and security" },
  { prefix: "team.", label: "Team" },
  { prefix: "business.", label: "Business" },
] as const;

const ACTION_LABELS: Record<string, string> = {
  "auth.login": "Signed in",
  "auth.login_failed": "Failed sign-in",
  "auth.logout": "Signed out",
  "auth.logout_everywhere": "Signed out everywhere",
  "auth.password_reset": "Reset password",
  "auth.password_reset_requested": "Requested a password reset",
  "auth.invite_accepted": "Accepted an invite",
  "auth.signup": "Signed up",
  "team.invited": "Invited a teammate",
  "team.invite_revoked": "Revoked an invite",
  "team.role_changed": "Changed a role",
  "team.member_removed": "Removed a member",
  "business.created": "Business created",
  "business.updated": "Updated the business profile",
  "business.phone_agent_updated": "Updated the phone agent",
  "business.suspended": "Business suspended by the platform",
  "business.reactivated": "Business reactivated by the platform",
};

const FIELD_LABELS: Record<string, string> = {
  name: "name",
  timezone: "time zone",
  country: "country",
  industry: "industry",
  businessHours: "opening hours",
};

const filterSchema = (params: URLSearchParams) => ({
  action: params.get("action") || undefined,
  actorId: params.get("actor") || undefined,
  cursor: params.get("cursor") || undefined,
});

export async function loader({ request, context }: LoaderFunctionArgs) {
  const filters = filterSchema(new URL(request.url).searchParams);
  const audit = serverCaller(request, context).audit;
  const [page, actors] = await Promise.all([
    audit.list(filters),
    // Later pages (Load more) only need the entries.
    filters.cursor ? Promise.resolve(null) : audit.actors(),
  ]).catch(rethrowAsResponse);
  return json({ page, actors: actors ?? [], timeZone: context.auth?.membership?.tenant.timezone ?? "UTC" });
}

/** A one-line summary of what an entry's meta says, for the events whose meta we know. */
function describe(meta: unknown): string | null {
  if (!meta || typeof meta !== "object") return null;
  const m = meta as Record<string, unknown>;
  const parts: string[] = [];
  if (typeof m.email === "string") parts.push(m.email);
  if (typeof m.from === "string" && typeof m.to === "string") parts.push(`${m.from} → ${m.to}`);
  else if (typeof m.role === "string") parts.push(m.role);
  if (Array.isArray(m.fields)) parts.push(`Changed ${m.fields.map((f) => FIELD_LABELS[String(f)] ?? String(f)).join(", ")}`);
  if (typeof m.ownerEmail === "string") parts.push(`Owner invite to ${m.ownerEmail}`);
  if (typeof m.sessionsEnded === "number") parts.push(`${m.sessionsEnded} session(s) ended`);
  if (typeof m.reason === "string") parts.push(m.reason);
  return parts.length > 0 ? parts.join(" · ") : null;
}

export default function AuditLog() {
  const { page, actors, timeZone } = useLoaderData<typeof loader>();
  const list = useListPage(page, { path: "/settings/audit", filterKeys: ["action", "actor"] });
  const { params, filtered } = list;

  return (
    <div className="grid grid-cols-[minmax(0,1fr)]">
      <FilterBar>
        <FilterField id="audit-action" label="Event" className="sm:w-56">
          <Select id="audit-action" name="action" defaultValue={params.get("action") ?? ""}>
            {CATEGORIES.map((c) => (
              <option key={c.prefix} value={c.prefix}>
                {c.label}
              </option>
            ))}
          </Select>
        </FilterField>
        <FilterField id="audit-actor" label="Person" className="sm:w-56">
          <Select id="audit-actor" name="actor" defaultValue={params.get("actor") ?? ""}>
            <option value="">Everyone</option>
            {actors.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
              </option>
            ))}
          </Select>
        </FilterField>
      </FilterBar>

      <CursorList
        {...list}
        empty={{
          icon: ScrollText,
          title: filtered ? "No matching events" : "Nothing recorded yet",
          description: filtered ? "Try another event type or person." : "Sign-ins, team changes and settings changes will appear here.",
        }}
        columns={[{ label: "When" }, { label: "Who" }, { label: "What" }, { label: "IP", className: "hidden md:table-cell" }]}
        rows={(items) =>
          items.map((entry) => {
            const detail = describe(entry.meta);
            return (
              <TableRow key={entry.id}>
                <TableCell className="whitespace-nowrap text-muted-foreground">
                  <time dateTime={entry.createdAt}>{formatDateTime(entry.createdAt, timeZone)}</time>
                </TableCell>
                <TableCell>
                  {entry.actor ? (
                    <>
                      <div className="font-medium">{entry.actor.name}</div>
                      <div className="text-xs text-muted-foreground">{entry.actor.email}</div>
                    </>
                  ) : (
                    <span className="text-muted-foreground">{entry.actorId ? "Deleted user" : "System"}</span>
                  )}
                </TableCell>
                <TableCell>
                  <div>{ACTION_LABELS[entry.action] ?? entry.action}</div>
                  {detail ? <div className="text-xs text-muted-foreground">{detail}</div> : null}
                </TableCell>
                <TableCell className="hidden font-mono text-xs text-muted-foreground md:table-cell">{entry.ip ?? "—"}</TableCell>
              </TableRow>
            );
          })
        }
      />
    </div>
  );
}
