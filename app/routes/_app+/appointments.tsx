// Appointments: a week calendar (a column per day), a day calendar (a column per staff member)
// and a list (upcoming or past, by status), each narrowed to one staff member if wanted. On a
// phone the grids are too crowded: the day view is the default there, and both calendars show as
// an agenda (a list by time). Everything is read and drawn in the business's time zone; the
// view, date and filters live in the URL so a view can be bookmarked and shared.
import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigate, useSearchParams, useSubmit } from "@remix-run/react";
import { useEffect } from "react";
import { CalendarDays, ChevronLeft, ChevronRight, Plus } from "lucide-react";
import { z } from "zod";
import { addDays, formatLocalDate, localDateOf, localMinuteOf, parseLocalDate, weekdayOf } from "../../../server/scheduling/zoned-time";
import { formatDay, formatTime, useBusinessTimeZone } from "../../components/business-time";
import { STATUS_BADGES, STATUS_LABELS, STATUSES } from "../../components/scheduling/appointment-status";
import { localDateParam, localDayRange, todayIn } from "../../components/scheduling/local-dates";
import { TimeGrid, type GridBlock, type GridColumn } from "../../components/scheduling/time-grid";
import { Badge } from "../../components/ui/badge";
import { Button, buttonClasses } from "../../components/ui/button";
import { cn } from "../../components/ui/cn";
import { EmptyState } from "../../components/ui/empty-state";
import { PageHeader } from "../../components/ui/page-header";
import { Select } from "../../components/ui/select";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "../../components/ui/table";
import { useLoadMore } from "../../hooks/use-load-more";
import { rethrowAsResponse, serverCaller } from "../../trpc.server";

export const meta: MetaFunction = () => [{ title: "Appointments · Switchboard" }];

const VIEWS = ["week", "day", "list"] as const;
type View = (typeof VIEWS)[number];

const paramsSchema = z.object({
  view: z.enum(VIEWS).catch("week"),
  date: localDateParam.optional().catch(undefined),
  staff: z.string().max(64).optional().catch(undefined),
  status: z.enum(STATUSES as [string, ...string[]]).optional().catch(undefined),
  scope: z.enum(["upcoming", "past"]).catch("upcoming"),
  cursor: z.string().max(64).optional().catch(undefined),
});

/** Monday of the week holding `date` (weeks start on Monday, as in the opening hours). */
function mondayOf(date: string): string {
  const d = parseLocalDate(date);
  return formatLocalDate(addDays(d, -((weekdayOf(d) + 6) % 7)));
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const p = paramsSchema.parse(Object.fromEntries(url.searchParams));
  const timeZone = context.auth?.membership?.tenant.timezone ?? "UTC";
  const today = todayIn(timeZone);
  const date = p.date ?? today;
  const caller = serverCaller(request, context);
  const [staff, services] = await Promise.all([caller.scheduling.staff.list(), caller.scheduling.services.list()]).catch(rethrowAsResponse);
  const staffIds = p.staff && staff.some((s) => s.id === p.staff) ? [p.staff] : undefined;
  const role = context.auth?.membership?.role;
  const base = { view: p.view, date, today, staffFilter: staffIds?.[0] ?? "", staff, hasServices: services.length > 0, // Viewers read the calendar; staff and up book.
    canBook: role === "owner" || role === "admin" || role === "staff" };

  let page: Awaited<ReturnType<typeof caller.scheduling.appointments.list>> | null = null;
  let appointments: Awaited<ReturnType<typeof caller.scheduling.appointments.range>> = [];
  let range: { start: string; days: number } | null = null;
  if (p.view === "list") {
    const now = new Date();
    page = await caller.scheduling.appointments
      .list({
        ...(p.scope === "upcoming" ? { from: now, order: "asc" as const } : { to: now, order: "desc" as const }),
        staffId: staffIds?.[0],
        status: p.status as (typeof STATUSES)[number] | undefined,
        cursor: p.cursor,
        limit: 50,
      })
      .catch(rethrowAsResponse);
  } else {
    range = { start: p.view === "week" ? mondayOf(date) : date, days: p.view === "week" ? 7 : 1 };
    appointments = await caller.scheduling.appointments
      .range({ ...localDayRange(range.start, timeZone, range.days), staffIds })
      .catch(rethrowAsResponse);
  }
  return json({ ...base, scope: p.scope, status: p.status ?? "", page, range, appointments });
}

type Data = ReturnType<typeof useLoaderData<typeof loader>>;
type Appointment = Data["appointments"][number];

export default function AppointmentsPage() {
  const data = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const timeZone = useBusinessTimeZone();
  const ready = data.staff.length > 0 && data.hasServices;
  const navigate = useNavigate();
  // A phone opening the calendar without a chosen view gets the day, not seven squeezed columns.
  // (The server cannot know the screen; the choice stays in the URL once made.)
  useEffect(() => {
    if (!params.has("view") && window.matchMedia("(max-width: 639px)").matches) navigate(href({ view: "day" }), { replace: true, preventScrollReset: true });
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once per arrival without a view
  }, [params.has("view")]);

  const href = (patch: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    next.delete("cursor");
    for (const [k, v] of Object.entries(patch)) {
      if (v === null || v === "") next.delete(k);
      else next.set(k, v);
    }
    const qs = next.toString();
    return qs ? `?${qs}` : ".";
  };

  return (
    <>
      <PageHeader
        title="Appointments"
        description="Bookings made by your team or the receptionist."
        actions={
          ready && data.canBook ? (
            <Link to={`/appointments/new${data.view === "list" ? "" : `?date=${data.date}`}`} className={buttonClasses()}>
              <Plus aria-hidden="true" /> New appointment
            </Link>
          ) : null
        }
      />
      {!ready ? (
        <EmptyState
          icon={CalendarDays}
          title="Set up scheduling first"
          description={
            data.staff.length === 0
              ? "Add the people or rooms customers book with, their working hours and your services."
              : "Add the services customers can book and who performs them."
          }
          action={
            <Link to="/settings/scheduling" className={buttonClasses()}>
              Open Settings › Scheduling
            </Link>
          }
        />
      ) : (
        <div className="grid grid-cols-[minmax(0,1fr)] gap-4">
          <Toolbar data={data} href={href} timeZone={timeZone} />
          {data.view !== "list" && data.staff.length > 1 ? <StaffChips data={data} href={href} /> : null}
          {data.view === "list" && data.page ? (
            <AppointmentList first={data.page} timeZone={timeZone} />
          ) : data.view === "week" ? (
            <WeekView data={data} timeZone={timeZone} />
          ) : (
            <DayView data={data} timeZone={timeZone} />
          )}
        </div>
      )}
    </>
  );
}

function Toolbar({ data, href, timeZone }: { data: Data; href: (patch: Record<string, string | null>) => string; timeZone: string }) {
  const submit = useSubmit();
  const step = data.view === "week" ? 7 : 1;
  const shift = (days: number) => formatLocalDate(addDays(parseLocalDate(data.date), days));
  const title =
    data.view === "week" && data.range
      ? `${formatDay(noonOf(data.range.start, timeZone), timeZone)} – ${formatDay(noonOf(formatLocalDate(addDays(parseLocalDate(data.range.start), 6)), timeZone), timeZone)}`
      : data.view === "day"
        ? formatDay(noonOf(data.date, timeZone), timeZone)
        : data.scope === "upcoming"
          ? "Upcoming"
          : "Past";
  return (
    <div className="flex flex-wrap items-center gap-2">
      <nav aria-label="View" className="inline-flex rounded-md border p-0.5">
        {VIEWS.map((v) => (
          <Link
            key={v}
            to={href({ view: v === "week" ? null : v })}
            aria-current={data.view === v ? "page" : undefined}
            className={cn(
              "rounded px-3 py-1 text-sm font-medium capitalize focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring",
              data.view === v ? "bg-secondary text-secondary-foreground" : "text-muted-foreground hover:text-foreground",
            )}
          >
            {v}
          </Link>
        ))}
      </nav>
      {data.view === "list" ? (
        <nav aria-label="Upcoming or past" className="inline-flex rounded-md border p-0.5">
          {(["upcoming", "past"] as const).map((s) => (
            <Link
              key={s}
              to={href({ scope: s === "upcoming" ? null : s })}
              aria-current={data.scope === s ? "page" : undefined}
              className={cn(
                "rounded px-3 py-1 text-sm font-medium capitalize focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring",
                data.scope === s ? "bg-secondary text-secondary-foreground" : "text-muted-foreground hover:text-foreground",
              )}
            >
              {s}
            </Link>
          ))}
        </nav>
      ) : (
        <div className="flex items-center gap-1">
          <Link to={href({ date: shift(-step) })} className={buttonClasses({ variant: "outline", size: "icon" })} aria-label={data.view === "week" ? "Previous week" : "Previous day"}>
            <ChevronLeft aria-hidden="true" />
          </Link>
          <Link to={href({ date: null })} className={buttonClasses({ variant: "outline" })}>
            Today
          </Link>
          <Link to={href({ date: shift(step) })} className={buttonClasses({ variant: "outline", size: "icon" })} aria-label={data.view === "week" ? "Next week" : "Next day"}>
            <ChevronRight aria-hidden="true" />
          </Link>
        </div>
      )}
      <h2 className="mr-auto px-1 text-sm font-semibold" aria-live="polite">
        {title}
      </h2>
      {/* Filters post as GET on change; the button keeps them usable without JavaScript. */}
      <Form method="get" className="flex flex-wrap items-center gap-2" onChange={(e) => submit(e.currentTarget, { replace: true })}>
        {[...new URLSearchParams(href({ staff: null, status: null, cursor: null }).replace(/^\?|^\.$/g, ""))].map(([k, v]) => (
          <input key={k} type="hidden" name={k} value={v} />
        ))}
        <Select name="staff" defaultValue={data.staffFilter} aria-label="Staff" className="w-44" key={`staff-${data.staffFilter}`}>
          <option value="">All staff</option>
          {data.staff.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </Select>
        {data.view === "list" ? (
          <Select name="status" defaultValue={data.status} aria-label="Status" className="w-40" key={`status-${data.status}`}>
            <option value="">Any status</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {STATUS_LABELS[s]}
              </option>
            ))}
          </Select>
        ) : null}
        <noscript>
          <Button type="submit" variant="outline">
            Apply
          </Button>
        </noscript>
      </Form>
    </div>
  );
}

/** One tap to see one person's (or room's) calendar: the week with every staff member is crowded. */
function StaffChips({ data, href }: { data: Data; href: (patch: Record<string, string | null>) => string }) {
  const chip = (active: boolean) =>
    cn(
      "inline-flex items-center gap-1.5 whitespace-nowrap rounded-full border px-3 py-1 text-xs font-medium focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring",
      active ? "border-primary bg-primary text-primary-foreground" : "text-muted-foreground hover:text-foreground",
    );
  return (
    <nav aria-label="Show staff" className="hidden flex-wrap gap-1.5 sm:flex">
      <Link to={href({ staff: null })} aria-current={!data.staffFilter ? "page" : undefined} className={chip(!data.staffFilter)}>
        Everyone
      </Link>
      {data.staff.map((s) => (
        <Link key={s.id} to={href({ staff: s.id })} aria-current={data.staffFilter === s.id ? "page" : undefined} className={chip(data.staffFilter === s.id)}>
          <span aria-hidden="true" className="size-2 rounded-full" style={{ backgroundColor: s.color ?? "currentColor" }} />
          {s.name}
        </Link>
      ))}
    </nav>
  );
}

/** Midday of a local date: a safe instant to format the date with (never across midnight). */
function noonOf(date: string, timeZone: string): Date {
  return new Date(localDayRange(date, timeZone).from.getTime() + 12 * 3_600_000);
}

function toBlock(a: Appointment, dayStart: Date, timeZone: string, subtitle: string): GridBlock {
  const startMinute = Math.round((new Date(a.startsAt).getTime() - dayStart.getTime()) / 60_000);
  const endMinute = Math.round((new Date(a.endsAt).getTime() - dayStart.getTime()) / 60_000);
  return {
    id: a.id,
    startMinute,
    endMinute,
    time: formatTime(a.startsAt, timeZone),
    title: a.contact?.name ?? a.service.name,
    subtitle: a.contact ? `${a.service.name} · ${subtitle}` : subtitle,
    status: a.status,
    color: a.staff.color,
  };
}

/** Hours to draw: the staff's working hours and every appointment, at least 8:00-18:00. */
function hourSpan(data: Data, timeZone: string) {
  let first = 8;
  let last = 18;
  for (const s of data.staff) {
    for (const h of s.hours) {
      first = Math.min(first, Number(h.start.slice(0, 2)));
      last = Math.max(last, Math.ceil(Number(h.end.slice(0, 2)) + Number(h.end.slice(3)) / 60));
    }
  }
  for (const a of data.appointments) {
    first = Math.min(first, Math.floor(localMinuteOf(new Date(a.startsAt), timeZone) / 60));
    const end = localMinuteOf(new Date(a.endsAt), timeZone);
    last = Math.max(last, end === 0 ? 24 : Math.ceil(end / 60));
  }
  return { first: Math.max(0, first), last: Math.min(24, last) };
}

function hourLabel(hour: number) {
  return `${hour % 12 === 0 ? 12 : hour % 12} ${hour < 12 ? "AM" : "PM"}`;
}

function WeekView({ data, timeZone }: { data: Data; timeZone: string }) {
  const start = parseLocalDate(data.range!.start);
  const columns: GridColumn[] = Array.from({ length: 7 }, (_, i) => {
    const date = formatLocalDate(addDays(start, i));
    const dayStart = localDayRange(date, timeZone).from;
    const noon = noonOf(date, timeZone);
    return {
      key: date,
      label: formatDay(noon, timeZone).split(", ")[0]!,
      sublabel: formatDay(noon, timeZone).split(", ")[1],
      highlighted: date === data.today,
      blocks: data.appointments
        .filter((a) => formatLocalDate(localDateOf(new Date(a.startsAt), timeZone)) === date)
        .map((a) => toBlock(a, dayStart, timeZone, a.staff.name)),
    };
  });
  const { first, last } = hourSpan(data, timeZone);
  return (
    <>
      <div className="hidden sm:block">
        <TimeGrid columns={columns} firstHour={first} lastHour={last} hourLabel={hourLabel} caption="Week calendar" />
      </div>
      <Agenda appointments={data.appointments} timeZone={timeZone} byDay className="sm:hidden" />
      {data.appointments.length === 0 ? <p className="text-sm text-muted-foreground">No appointments this week.</p> : null}
    </>
  );
}

function DayView({ data, timeZone }: { data: Data; timeZone: string }) {
  const dayStart = localDayRange(data.date, timeZone).from;
  const staff = data.staffFilter ? data.staff.filter((s) => s.id === data.staffFilter) : data.staff;
  const columns: GridColumn[] = staff.map((s) => ({
    key: s.id,
    label: s.name,
    sublabel: s.kind === "room" ? "Room" : undefined,
    blocks: data.appointments.filter((a) => a.staff.id === s.id).map((a) => toBlock(a, dayStart, timeZone, `until ${formatTime(a.endsAt, timeZone)}`)),
  }));
  const { first, last } = hourSpan(data, timeZone);
  return (
    <>
      <div className="hidden sm:block">
        <TimeGrid columns={columns} firstHour={first} lastHour={last} hourLabel={hourLabel} minColumnWidth="10rem" caption="Day calendar" />
      </div>
      <Agenda appointments={data.appointments} timeZone={timeZone} className="sm:hidden" />
      {data.appointments.length === 0 ? <p className="text-sm text-muted-foreground">No appointments on this day.</p> : null}
    </>
  );
}

/** The calendar as a list by start time (phones): time, who, what, with whom, status. */
function Agenda({ appointments, timeZone, byDay = false, className }: { appointments: Appointment[]; timeZone: string; byDay?: boolean; className?: string }) {
  if (appointments.length === 0) return null;
  const sorted = [...appointments].sort((a, b) => a.startsAt.localeCompare(b.startsAt));
  const days = new Map<string, Appointment[]>();
  for (const a of sorted) {
    const key = byDay ? formatDay(a.startsAt, timeZone) : "";
    days.set(key, [...(days.get(key) ?? []), a]);
  }
  return (
    <div className={cn("grid gap-4", className)}>
      {[...days].map(([day, items]) => (
        <section key={day || "day"} aria-label={day || "Agenda"}>
          {day ? <h3 className="mb-1.5 text-xs font-semibold uppercase tracking-wide text-muted-foreground">{day}</h3> : null}
          <ul className="divide-y rounded-lg border bg-card">
            {items.map((a) => (
              <li key={a.id} className="relative flex items-start gap-3 p-3">
                <span aria-hidden="true" className="mt-1 size-2.5 shrink-0 rounded-full" style={{ backgroundColor: a.staff.color ?? "currentColor" }} />
                <div className="min-w-0 flex-1">
                  <Link to={`/appointments/${a.id}`} className="font-medium after:absolute after:inset-0 focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring">
                    <span className="tabular-nums">
                      {formatTime(a.startsAt, timeZone)}–{formatTime(a.endsAt, timeZone)}
                    </span>{" "}
                    {a.contact?.name ?? a.service.name}
                  </Link>
                  <div className="truncate text-xs text-muted-foreground">{[a.contact ? a.service.name : null, a.staff.name].filter(Boolean).join(" · ")}</div>
                </div>
                <Badge variant={STATUS_BADGES[a.status]}>{STATUS_LABELS[a.status]}</Badge>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </div>
  );
}

function AppointmentList({ first, timeZone }: { first: NonNullable<Data["page"]>; timeZone: string }) {
  const [params] = useSearchParams();
  const { items, hasMore, loadMore, loading } = useLoadMore(first, (cursor) => {
    const next = new URLSearchParams(params);
    next.set("cursor", cursor);
    return `/appointments?${next}`;
  });
  if (items.length === 0) {
    return <EmptyState icon={CalendarDays} title="No appointments here" description="Try another status or staff member, or the other tab." />;
  }
  return (
    <div className="rounded-lg border bg-card">
      <Table>
        <TableHeader>
          <TableRow>
            <TableHead>When</TableHead>
            <TableHead>Contact</TableHead>
            <TableHead className="hidden sm:table-cell">Service</TableHead>
            <TableHead className="hidden md:table-cell">With</TableHead>
            <TableHead>Status</TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {items.map((a) => (
            <TableRow key={a.id} className="relative">
              <TableCell className="whitespace-nowrap">
                <Link to={`/appointments/${a.id}`} className="font-medium after:absolute after:inset-0 focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring">
                  {formatDay(a.startsAt, timeZone)}, {formatTime(a.startsAt, timeZone)}
                </Link>
              </TableCell>
              <TableCell>{a.contact?.name ?? <span className="text-muted-foreground">No contact</span>}</TableCell>
              <TableCell className="hidden sm:table-cell">{a.service.name}</TableCell>
              <TableCell className="hidden md:table-cell">{a.staff.name}</TableCell>
              <TableCell>
                <Badge variant={STATUS_BADGES[a.status]}>{STATUS_LABELS[a.status]}</Badge>
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {hasMore ? (
        <div className="flex justify-center border-t p-3">
          <Button variant="outline" onClick={loadMore} disabled={loading}>
            {loading ? "Loading…" : "Load more"}
          </Button>
        </div>
      ) : null}
    </div>
  );
}
