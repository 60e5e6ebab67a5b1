// Projects: each client's project and where it stands, filtered by status or searched by name or
// company, with "Load more" over the cursor-paginated API. Rows open the detail page.
import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { FolderKanban, Plus } from "lucide-react";
import { WRITE_ROLES } from "../../../server/auth/types";
import type { ProjectStatus } from "../../../server/db/generated/enums";
import { PROJECT_STATUS_LABELS, PROJECT_STATUSES } from "../../../server/projects/status";
import { formatDate, useBusinessTimeZone } from "../../components/business-time";
import { ProjectStatusBadge } from "../../components/projects/status-badge";
import { Button } from "../../components/ui/button";
import { CursorList, FilterBar, FilterField, useListPage } from "../../components/list-page";
import { Input } from "../../components/ui/input";
import { PageHeader } from "../../components/ui/page-header";
import { Select } from "../../components/ui/select";
import { TableCell, TableRow } from "../../components/ui/table";
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
  const role = context.auth?.membership?.role;
  return json({ page, canWrite: !!role && WRITE_ROLES.includes(role) });
}

const SOURCE_LABEL = { manual: null, asana: "Asana", jira: "Jira", monday: "Monday" } as const;

/** Calendar dates ("2027-03-14") are not instants: formatted in UTC so no zone moves them a day. */
function day(iso: string) {
  return formatDate(`${iso}T00:00:00Z`, "UTC");
}

export default function ProjectsPage() {
  const { page, canWrite } = useLoaderData<typeof loader>();
  const timeZone = useBusinessTimeZone();
  const list = useListPage(page, { path: "/projects", index: true, filterKeys: ["status", "q", "contact"] });
  const { params, filtered } = list;
  const newProject = canWrite ? (
    <Button asChild>
      <Link to="/projects/new">
        <Plus aria-hidden="true" /> New project
      </Link>
    </Button>
  ) : null;

  return (
    <>
      <PageHeader
        title="Projects"
        description="Client projects and where they stand: what the receptionist tells a caller who asks."
        actions={newProject}
      />

      <FilterBar>
        <FilterField id="project-q" label="Search" className="sm:w-64">
          <Input id="project-q" name="q" type="search" placeholder="Project or company" defaultValue={params.get("q") ?? ""} />
        </FilterField>
        <FilterField id="project-status" label="Status" className="sm:w-44">
          <Select id="project-status" name="status" defaultValue={params.get("status") ?? ""}>
            <option value="">Any status</option>
            {PROJECT_STATUSES.map((s) => (
              <option key={s} value={s}>
                {PROJECT_STATUS_LABELS[s]}
              </option>
            ))}
          </Select>
        </FilterField>
        {params.get("contact") ? <input type="hidden" name="contact" value={params.get("contact") ?? ""} /> : null}
      </FilterBar>

      <CursorList
        {...list}
        empty={{
          icon: FolderKanban,
          title: filtered ? "No matching projects" : "No projects yet",
          description: filtered
            ? "Try another status or search."
            : "Projects sync from tools like Asana, Jira or Monday, or add one by hand, so the receptionist can tell a calling client where their project stands.",
          action: filtered ? null : newProject,
        }}
        columns={[
          { label: "Project" },
          { label: "Client" },
          { label: "Status" },
          { label: "Latest update", className: "hidden lg:table-cell" },
          { label: "Due", className: "hidden md:table-cell" },
          { label: "Owner", className: "hidden md:table-cell" },
        ]}
        rows={(items) =>
          items.map((p) => (
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
          ))
        }
      />
    </>
  );
}
