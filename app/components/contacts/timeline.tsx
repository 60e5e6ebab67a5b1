// A contact's history, newest first, as one list: notes, appointments, invoices, payments.
import { Link } from "@remix-run/react";
import { CalendarDays, CreditCard, Receipt, StickyNote } from "lucide-react";
import type { AppointmentStatus } from "../../../server/db/generated/enums";
import { formatDate, formatDateTime, useBusinessTimeZone } from "../business-time";
import { STATUS_BADGES, STATUS_LABELS } from "../scheduling/appointment-status";
import { Badge } from "../ui/badge";

/** The timeline as the page receives it (dates serialised). */
export type TimelineItem =
  | { kind: "note"; id: string; at: string; body: string }
  | { kind: "appointment"; id: string; at: string; endsAt: string; status: string; service: string; staff: string }
  | { kind: "invoice"; id: string; at: string; number: string; total: string; amountDue: string; currency: string; status: string; daysOverdue: number }
  | { kind: "payment"; id: string; at: string; invoiceId: string; invoiceNumber: string; amount: string; currency: string; method: string };

function money(amount: string, currency: string) {
  return new Intl.NumberFormat("en-US", { style: "currency", currency }).format(Number(amount));
}

const ICONS = { note: StickyNote, appointment: CalendarDays, invoice: Receipt, payment: CreditCard } as const;

export function Timeline({ items }: { items: TimelineItem[] }) {
  const timeZone = useBusinessTimeZone();
  if (!items.length) return <p className="text-sm text-muted-foreground">Nothing yet. Notes, appointments and invoices appear here as they happen.</p>;
  return (
    <ol className="grid gap-0">
      {items.map((item) => {
        const Icon = ICONS[item.kind];
        return (
          <li key={`${item.kind}-${item.id}`} className="relative flex gap-3 pb-5 last:pb-0">
            <span className="flex size-8 shrink-0 items-center justify-center rounded-full border bg-muted/40">
              <Icon aria-hidden="true" className="size-4 text-muted-foreground" />
            </span>
            <div className="min-w-0 flex-1 pt-1">
              <Entry item={item} timeZone={timeZone} />
            </div>
          </li>
        );
      })}
    </ol>
  );
}

function When({ children }: { children: string }) {
  return <span className="text-xs text-muted-foreground">{children}</span>;
}

function Entry({ item, timeZone }: { item: TimelineItem; timeZone: string }) {
  switch (item.kind) {
    case "note":
      return (
        <>
          <p className="text-sm font-medium">
            Note <When>{formatDateTime(item.at, timeZone)}</When>
          </p>
          <p className="mt-1 whitespace-pre-wrap break-words text-sm">{item.body}</p>
        </>
      );
    case "appointment": {
      const status = item.status as AppointmentStatus;
      return (
        <p className="flex flex-wrap items-center gap-x-2 gap-y-1 text-sm">
          <Link to={`/appointments/${item.id}`} className="font-medium underline-offset-4 hover:underline">
            {item.service} with {item.staff}
          </Link>
          <Badge variant={STATUS_BADGES[status]}>{STATUS_LABELS[status]}</Badge>
          <When>{formatDateTime(item.at, timeZone)}</When>
        </p>
      );
    }
    case "invoice":
      return (
        <p className="flex flex-wrap items-center gap-x-2 gap-y-1 text-sm">
          <Link to={`/invoices/${item.id}`} className="font-medium underline-offset-4 hover:underline">
            Invoice {item.number}
          </Link>
          <span className="tabular-nums">{money(item.total, item.currency)}</span>
          {item.daysOverdue > 0 ? (
            <Badge variant="destructive">{money(item.amountDue, item.currency)} {item.daysOverdue} days late</Badge>
          ) : Number(item.amountDue) > 0 && item.status !== "draft" && item.status !== "void" ? (
            <Badge variant="secondary">{money(item.amountDue, item.currency)} due</Badge>
          ) : (
            <Badge variant={item.status === "paid" ? "success" : "outline"}>{item.status === "paid" ? "Paid" : item.status === "void" ? "Void" : "Draft"}</Badge>
          )}
          {/* A calendar date: shown as the day it names, whatever the zone. */}
          <When>{`Issued ${formatDate(item.at, "UTC")}`}</When>
        </p>
      );
    case "payment":
      return (
        <p className="flex flex-wrap items-center gap-x-2 gap-y-1 text-sm">
          <span className="font-medium">Paid {money(item.amount, item.currency)}</span>
          <span>
            on{" "}
            <Link to={`/invoices/${item.invoiceId}`} className="underline-offset-4 hover:underline">
              invoice {item.invoiceNumber}
            </Link>
            {item.method ? ` by ${item.method}` : ""}
          </span>
          <When>{formatDate(item.at, "UTC")}</When>
        </p>
      );
  }
}
