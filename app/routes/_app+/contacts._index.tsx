// Contacts: search (name, any phone format, e-mail, company; debounced, in the URL as ?q=),
// filters (tag, do-not-call, source, upcoming appointment, overdue balance), sorting, "Load more" over the keyset-paginated API, and
// an export of exactly what the filter selects.
import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useSubmit } from "@remix-run/react";
import { Download, FileUp, PhoneOff, Plus, Users } from "lucide-react";
import { useEffect, useRef } from "react";
import { WRITE_ROLES } from "../../../server/auth/types";
import { CONTACT_FILTER_KEYS, contactListFromParams, contactName, SORTS, SOURCE_LABELS } from "../../components/contacts/filters";
import { formatPhone } from "../../components/contacts/phone-format";
import { Badge } from "../../components/ui/badge";
import { Button } from "../../components/ui/button";
import { CursorList, FilterBar, FilterField, useListPage } from "../../components/list-page";
import { Input } from "../../components/ui/input";
import { PageHeader } from "../../components/ui/page-header";
import { Select } from "../../components/ui/select";
import { Spinner } from "../../components/ui/spinner";
import { TableCell, TableRow } from "../../components/ui/table";
import { rethrowAsResponse, serverCaller } from "../../trpc.server";

export const meta: MetaFunction = () => [{ title: "Contacts · Switchboard" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const input = contactListFromParams(new URL(request.url).searchParams);
  const page = await serverCaller(request, context).contacts.list(input).catch(rethrowAsResponse);
  const role = context.auth?.membership?.role;
  return json({ page, canWrite: !!role && WRITE_ROLES.includes(role) });
}

/** Typing pauses this long before the search runs, so each keystroke is not a request. */
const SEARCH_DEBOUNCE_MS = 300;

export default function ContactsPage() {
  const { page, canWrite } = useLoaderData<typeof loader>();
  const submit = useSubmit();
  const formRef = useRef<HTMLFormElement>(null);
  const timer = useRef<ReturnType<typeof setTimeout>>();
  const list = useListPage(page, { path: "/contacts", filterKeys: CONTACT_FILTER_KEYS });
  const { params, filtered, items } = list;
  useEffect(() => () => clearTimeout(timer.current), []);

  const searching = Boolean(params.get("q"));
  const exportParams = new URLSearchParams();
  for (const key of CONTACT_FILTER_KEYS) if (params.get(key)) exportParams.set(key, params.get(key)!);

  function apply(delay: number) {
    clearTimeout(timer.current);
    const form = formRef.current;
    if (!form) return;
    timer.current = setTimeout(() => {
      // Empty fields stay out of the URL, so it reads as the filter it is.
      const data = new FormData(form);
      for (const [key, value] of [...data]) if (value === "") data.delete(key);
      submit(data, { method: "get", action: "/contacts", replace: true, preventScrollReset: true });
    }, delay);
  }

  const actions = (
    <div className="flex flex-wrap gap-2">
      <Button asChild variant="outline">
        <a href={`/resources/contacts/export${exportParams.size ? `?${exportParams}` : ""}`} download>
          <Download aria-hidden="true" /> Export CSV
        </a>
      </Button>
      {canWrite ? (
        <>
          <Button asChild variant="outline">
            <Link to="/contacts/import">
              <FileUp aria-hidden="true" /> Import CSV
            </Link>
          </Button>
          <Button asChild>
            <Link to="/contacts/new">
              <Plus aria-hidden="true" /> New contact
            </Link>
          </Button>
        </>
      ) : null}
    </div>
  );

  return (
    <>
      <PageHeader title="Contacts" description="The people and companies your business works with." actions={items.length || filtered ? actions : null} />

      <FilterBar
        ref={formRef}
        className="grid grid-cols-2 sm:grid lg:flex"
        autoSubmit={false}
        onSubmit={(e) => {
          e.preventDefault();
          apply(0);
        }}
      >
        <FilterField id="contact-q" label="Search" className="col-span-2 lg:w-72">
          <div className="relative">
            <Input
              id="contact-q"
              name="q"
              type="search"
              placeholder="Name, phone, e-mail or company"
              defaultValue={params.get("q") ?? ""}
              autoComplete="off"
              onChange={() => apply(SEARCH_DEBOUNCE_MS)}
            />
            {list.pending ? <Spinner label="Searching" className="absolute right-8 top-2.5" /> : null}
          </div>
        </FilterField>
        <FilterField id="contact-tag" label="Tag" className="lg:w-32">
          <Input id="contact-tag" name="tag" placeholder="e.g. vip" defaultValue={params.get("tag") ?? ""} autoComplete="off" onChange={() => apply(SEARCH_DEBOUNCE_MS)} />
        </FilterField>
        <FilterField id="contact-source" label="Source" className="lg:w-36">
          <Select id="contact-source" name="source" defaultValue={params.get("source") ?? ""} onChange={() => apply(0)}>
            <option value="">Any source</option>
            {Object.entries(SOURCE_LABELS).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </Select>
        </FilterField>
        <FilterField id="contact-dnc" label="Calling" className="lg:w-36">
          <Select id="contact-dnc" name="dnc" defaultValue={params.get("dnc") ?? ""} onChange={() => apply(0)}>
            <option value="">Everyone</option>
            <option value="0">May be called</option>
            <option value="1">Do not call</option>
          </Select>
        </FilterField>
        <FilterField id="contact-upcoming" label="Upcoming appointment" className="lg:w-44">
          <Select id="contact-upcoming" name="upcoming" defaultValue={params.get("upcoming") ?? ""} onChange={() => apply(0)}>
            <option value="">Either</option>
            <option value="1">Has one booked</option>
            <option value="0">None booked</option>
          </Select>
        </FilterField>
        <FilterField id="contact-overdue" label="Overdue balance" className="lg:w-40">
          <Select id="contact-overdue" name="overdue" defaultValue={params.get("overdue") ?? ""} onChange={() => apply(0)}>
            <option value="">Either</option>
            <option value="1">Owes overdue</option>
            <option value="0">Nothing overdue</option>
          </Select>
        </FilterField>
        <FilterField id="contact-sort" label="Sort by" className="col-span-2 sm:col-span-1 lg:w-48">
          <Select
            id="contact-sort"
            defaultValue={`${params.get("sort") ?? "name"}:${params.get("dir") ?? "asc"}`}
            disabled={searching}
            title={searching ? "Search results come best match first" : undefined}
            onChange={(e) => {
              const [sort, dir] = e.currentTarget.value.split(":");
              const next = new URLSearchParams(params);
              next.delete("cursor");
              next.set("sort", sort!);
              next.set("dir", dir!);
              submit(next, { method: "get", action: "/contacts", replace: true, preventScrollReset: true });
            }}
          >
            {Object.entries(SORTS).flatMap(([value, label]) =>
              value === "name"
                ? [
                    <option key={`${value}:asc`} value={`${value}:asc`}>{label}, A–Z</option>,
                    <option key={`${value}:desc`} value={`${value}:desc`}>{label}, Z–A</option>,
                  ]
                : [
                    <option key={`${value}:desc`} value={`${value}:desc`}>{label}, newest first</option>,
                    <option key={`${value}:asc`} value={`${value}:asc`}>{label}, oldest first</option>,
                  ],
            )}
          </Select>
        </FilterField>
        {/* The sort select submits itself with the current filters; these keep it across filter changes. */}
        {params.get("sort") ? <input type="hidden" name="sort" value={params.get("sort")!} /> : null}
        {params.get("dir") ? <input type="hidden" name="dir" value={params.get("dir")!} /> : null}
      </FilterBar>

      <CursorList
        {...list}
        empty={{
          icon: Users,
          title: filtered ? "No matching contacts" : "No contacts yet",
          description: filtered
            ? searching
              ? `Nothing matches "${params.get("q")}". Check the spelling, try part of the name, or search by phone number or e-mail.`
              : "No contact matches these filters."
            : "Add contacts or import them from a CSV file, so the receptionist recognises callers by their number and knows their history.",
          action: filtered ? null : actions,
        }}
        footer={searching ? "Best matches first. Not who you meant? Add more of the name, or the phone number." : null}
        columns={[
          { label: "Name" },
          { label: "Phone" },
          { label: "E-mail", className: "hidden md:table-cell" },
          { label: "Company", className: "hidden lg:table-cell" },
          { label: "Tags", className: "hidden sm:table-cell" },
        ]}
        rows={(rows) =>
          rows.map((contact) => (
            <TableRow key={contact.id}>
              <TableCell className="font-medium">
                <Link to={`/contacts/${contact.id}`} className="underline-offset-4 hover:underline">
                  {contactName(contact)}
                </Link>
                {contact.doNotCall ? (
                  <Badge variant="destructive" className="ml-2" title="Do not call">
                    <PhoneOff aria-hidden="true" className="size-3" /> <span className="sr-only sm:not-sr-only">Do not call</span>
                  </Badge>
                ) : null}
                {contact.title || contact.company ? (
                  <div className="text-xs font-normal text-muted-foreground lg:hidden">{[contact.title, contact.company].filter(Boolean).join(", ")}</div>
                ) : null}
              </TableCell>
              <TableCell className="whitespace-nowrap tabular-nums">{formatPhone(contact.phone)}</TableCell>
              <TableCell className="hidden max-w-64 truncate md:table-cell">{contact.email}</TableCell>
              <TableCell className="hidden lg:table-cell">{contact.company}</TableCell>
              <TableCell className="hidden sm:table-cell">
                <div className="flex flex-wrap gap-1">
                  {contact.tags.slice(0, 4).map((tag) => (
                    <Badge key={tag} variant="secondary">
                      {tag}
                    </Badge>
                  ))}
                </div>
              </TableCell>
            </TableRow>
          ))
        }
      />
    </>
  );
}
