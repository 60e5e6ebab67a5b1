// Projects: each client's project and where it stands, filtered by status or searched by name or
// company, with "Load more" over the cursor-paginated API. Rows open the detail page.
import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams, useSubmit } from "@remix-run/react";
import { FolderKanban } from "lucide-react";
import type { ProjectStatus } from "../../../server/db/generated/enums";
import { PROJECT_STATUS_LABELS, PROJECT_STATUSES } from "../../../server/projects/status";
import { formatDate, useBusinessTimeZone } from "../../components/business-time";
import { ProjectStatusBadge } from "../../components/projects/status-badge";
import { Button } from "../../components/ui/button";
import { Card, CardContent } from "../../components/ui/card";
import { EmptyState } from "../../components/ui/empty-state";
import { Input } from "../../components/ui/input";
import { Label } from "../../components/ui/label";
import { PageHeader } from "../../components/ui/page-header";
import { Select } from "../../components/ui/select";
import { Spinner } from "../../components/ui/spinner";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "../../components/ui/table";
import { useLoadMore } from "../../hooks/use-load-more";
import { rethrowAsResponse, serverCaller } from "../../trpc.server";

export const meta: MetaFunction = () => [{ title: "Projects · Switchboard" }];

function filtersOf(params: URLSearchParams) {
  const status = params.get("status");
  return {
    status: (PROJECT_STATUSES as readonly string[]).includes(status ?? "") ? (status as ProjectStatus) : undefined,
    q: params.get("q")?.trim().slice(0, 100) || undefined,
    contactId: params.get("contact")?.slice(0, 64) || undefined,
    cursor: params.get("cursor")?.slice(0, 64) || undefined,
  };
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  const page = await serverCaller(request, context).projects.list(filtersOf(new URL(request.url).searchParams)).catch(rethrowAsResponse);
  return json({ page });
}

const SOURCE_LABEL = { manual: null, asana: "Asana", jira: "Jira", monday: "Monday" } as const;

/** Calendar dates ("2027-03-14") are not instants: formatted in UTC so no zone moves them a day. */
function day(iso: string) {
  return formatDate(`${iso}T00:00:00Z`, "UTC");
}

export default function ProjectsPage() {
  const { page } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const submit = useSubmit();
  const timeZone = useBusinessTimeZone();
  const { items, hasMore, loading, loadMore } = useLoadMore(page, (cursor) => {
    const next = new URLSearchParams(params);
    next.set("cursor", cursor);
    return `/projects?index&${next}`;
  });
  const filtered = ["status", "q", "contact"].some((k) => params.get(k));

  return (
    <>
      <PageHeader title="Projects" description="Client projects and where they stand: what the receptionist tells a caller who asks." />

      <Form
        method="get"
        role="search"
        className="mb-4 flex flex-col gap-3 sm:flex-row sm:items-end"
        onChange={(e) => submit(e.currentTarget, { replace: true })}
      >
        <div className="grid gap-1.5 sm:w-64">
          <Label htmlFor="project-q">Search</Label>
          <Input id="project-q" name="q" type="search" placeholder="Project or company" defaultValue={params.get("q") ?? ""} />
        </div>
        <div className="grid gap-1.5 sm:w-44">
          <Label htmlFor="project-status">Status</Label>
          <Select id="project-status" name="status" defaultValue={params.get("status") ?? ""}>
            <option value="">Any status</option>
            {PROJECT_STATUSES.map((s) => (
              <option key={s} value={s}>
                {PROJECT_STATUS_LABELS[s]}
              </option>
            ))}
          </Select>
        </div>
        {params.get("contact") ? <input type="hidden" name="contact" value={params.get("contact") ?? ""} /> : null}
        <noscript>
          <Button type="submit" variant="outline">
            Apply
          </Button>
        </noscript>
      </Form>

      {items.length === 0 ? (
        <EmptyState
          icon={FolderKanban}
          title={filtered ? "No matching projects" : "No projects yet"}
          description={
            filtered
              ? "Try another status or search."
              : "Projects sync from tools like Asana, Jira or Monday, so the receptionist can tell a calling client where their project stands."
          }
        />
      ) : (
        <Card>
          <CardContent className="p-0">
            <Table>
              <TableHeader>
                <TableRow>
                  <TableHead>Project</TableHead>
                  <TableHead>Client</TableHead>
                  <TableHead>Status</TableHead>
                  <TableHead className="hidden lg:table-cell">Latest update</TableHead>
                  <TableHead className="hidden md:table-cell">Due</TableHead>
                  <TableHead className="hidden md:table-cell">Owner</TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {items.map((p) => (
                  <TableRow key={p.id}>
                    <TableCell className="font-medium">
                      <Link to={`/projects/${p.id}`} className="underline-offset-4 hover:underline">
                        {p.name}
                      </Link>
                      {SOURCE_LABEL[p.source] ? <div className="text-xs text-muted-foreground">from {SOURCE_LABEL[p.source]}</div> : null}
                    </TableCell>
                    <TableCell>
                      {p.contact ? (
                        <Link to={`/contacts/${p.contact.id}`} className="underline-offset-4 hover:underline">
                          {p.contact.name}
                        </Link>
                      ) : null}
                      {p.company ? <div className="text-xs text-muted-foreground">{p.company}</div> : null}
                    </TableCell>
                    <TableCell>
                      <ProjectStatusBadge status={p.status} />
                    </TableCell>
                    <TableCell className="hidden max-w-md lg:table-cell">
                      <p className="line-clamp-2 text-sm">{p.updateSummary || <span className="text-muted-foreground">No update yet</span>}</p>
                      {p.updatedSummaryAt ? <div className="text-xs text-muted-foreground">{formatDate(p.updatedSummaryAt, timeZone)}</div> : null}
                    </TableCell>
                    <TableCell className="hidden whitespace-nowrap md:table-cell">{p.dueDate ? day(p.dueDate) : "—"}</TableCell>
                    <TableCell className="hidden md:table-cell">{p.owner?.name ?? "—"}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </CardContent>
        </Card>
      )}

      {hasMore ? (
        <div className="mt-4 flex justify-center">
          <Button variant="outline" onClick={loadMore} disabled={loading}>
            {loading ? <Spinner label="Loading more" /> : null}
            Load more
          </Button>
        </div>
      ) : null}
    </>
  );
}
