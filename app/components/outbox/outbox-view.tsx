// The Outbox page body, shared by a business's Settings → Outbox and the platform console's
// Outbox: a delivery banner, status filters, the message list, and the open message with
// clickable links (so invites and resets work before SMTP is configured).
import { Form, Link, useNavigate, useNavigation, useSearchParams } from "@remix-run/react";
import { Inbox, RotateCcw, X } from "lucide-react";
import { Alert } from "../ui/alert";
import { Badge, type BadgeVariant } from "../ui/badge";
import { LoadMoreButton } from "../list-page";
import { Button, buttonClasses } from "../ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "../ui/card";
import { EmptyState } from "../ui/empty-state";
import { Spinner } from "../ui/spinner";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "../ui/table";
import { cn } from "../ui/cn";
import { useLoadMore, type CursorPage } from "../../hooks/use-load-more";
import { formatDateTime } from "../business-time";

export type OutboxStatus = "pending" | "sent" | "failed";

/** A message as the loader serialises it (dates are ISO strings). */
export interface OutboxRow {
  id: string;
  to: string;
  subject: string;
  kind: string;
  status: OutboxStatus;
  attempts: number;
  lastError: string | null;
  sentAt: string | null;
  createdAt: string;
}

export interface OutboxOpenMessage extends OutboxRow {
  text: string;
}

const STATUSES: readonly OutboxStatus[] = ["pending", "sent", "failed"];

const STATUS: Record<OutboxStatus, { label: string; variant: BadgeVariant; unsent: string }> = {
  pending: { label: "Pending", variant: "warning", unsent: "Waiting to be sent" },
  sent: { label: "Sent", variant: "success", unsent: "" },
  failed: { label: "Failed", variant: "destructive", unsent: "Gave up after repeated errors" },
};

const FILTERS: { value: OutboxStatus | ""; label: string }[] = [
  { value: "", label: "All" },
  { value: "pending", label: "Pending" },
  { value: "sent", label: "Sent" },
  { value: "failed", label: "Failed" },
];

const KIND_LABELS: Record<string, string> = {
  invite: "Invite",
  password_reset: "Password reset",
  call_summary: "Call summary",
};

/** Query-string state of the page: ?status=&id= (and cursor for Load more). */
export function outboxParams(url: string) {
  const params = new URL(url).searchParams;
  const status = params.get("status");
  return {
    status: STATUSES.find((s) => s === status),
    cursor: params.get("cursor") || undefined,
    id: params.get("id") || undefined,
  };
}

export function StatusBadge({ status }: { status: OutboxStatus }) {
  return <Badge variant={STATUS[status].variant}>{STATUS[status].label}</Badge>;
}

// Trailing punctuation is the sentence's, not the link's ("Open http://x/abc.").
const URL_PATTERN = /(https?:\/\/[^\s<>"']*[^\s<>"'.,;:!?)\]])/g;

/** Plain-text mail body with its http(s) links made clickable; everything else stays text. */
function MailText({ text }: { text: string }) {
  const parts = text.split(URL_PATTERN);
  return (
    <div className="whitespace-pre-wrap rounded-md [overflow-wrap:anywhere] border bg-muted/30 p-4 font-mono text-sm leading-relaxed">
      {parts.map((part, i) =>
        i % 2 === 1 ? (
          <a key={i} href={part} className="text-primary underline underline-offset-2 hover:no-underline">
            {part}
          </a>
        ) : (
          part
        ),
      )}
    </div>
  );
}

export function OutboxView({
  page,
  smtpConfigured,
  message,
  basePath,
  timeZone,
  emptyDescription,
}: {
  page: CursorPage<OutboxRow>;
  smtpConfigured: boolean;
  message: OutboxOpenMessage | null;
  /** The page's own path, e.g. "/settings/outbox". */
  basePath: string;
  timeZone: string;
  emptyDescription: string;
}) {
  const [params] = useSearchParams();
  const navigation = useNavigation();
  const navigate = useNavigate();
  const status = params.get("status") ?? "";
  const link = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    next.delete("cursor");
    for (const [k, v] of Object.entries(changes)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    const qs = next.toString();
    return qs ? `${basePath}?${qs}` : basePath;
  };
  const { items, hasMore, loading, loadMore } = useLoadMore(page, (cursor) => {
    const next = new URLSearchParams(params);
    next.delete("id");
    next.set("cursor", cursor);
    return `${basePath}?${next}`;
  });
  const retrying = navigation.state !== "idle" && navigation.formData?.get("intent") === "retry";

  return (
    // minmax(0, 1fr): a long link in a message wraps instead of widening the page on a phone.
    <div className="grid grid-cols-[minmax(0,1fr)] gap-4">
      {smtpConfigured ? null : (
        <Alert variant="warning" title="E-mail is kept here, not sent">
          SMTP is not configured, so e-mail waits in this outbox instead of being sent. Open a message to read it and
          follow its links. Set <code className="font-mono text-xs">SMTP_URL</code> (and{" "}
          <code className="font-mono text-xs">EMAIL_FROM</code>) on the server to deliver mail; pending mail from the last
          7 days goes out once it is set.
        </Alert>
      )}

      {message ? (
        <Card aria-labelledby="outbox-message-subject">
          <CardHeader className="flex-row items-start justify-between gap-3 space-y-0">
            <div className="grid min-w-0 gap-1">
              <CardTitle id="outbox-message-subject" className="break-words">
                {message.subject}
              </CardTitle>
              <CardDescription className="break-all">
                To {message.to} · {KIND_LABELS[message.kind] ?? message.kind} ·{" "}
                <time dateTime={message.createdAt}>{formatDateTime(message.createdAt, timeZone)}</time>
              </CardDescription>
              <div className="flex flex-wrap items-center gap-2 pt-1 text-xs text-muted-foreground">
                <StatusBadge status={message.status} />
                {message.sentAt ? <span>Sent {formatDateTime(message.sentAt, timeZone)}</span> : null}
                {message.attempts > 0 && message.status !== "sent" ? <span>{message.attempts} attempt(s)</span> : null}
              </div>
            </div>
            <Link to={link({ id: null })} className={buttonClasses({ variant: "ghost", size: "icon" })} aria-label="Close message">
              <X aria-hidden="true" />
            </Link>
          </CardHeader>
          <CardContent className="grid grid-cols-[minmax(0,1fr)] gap-3">
            {message.lastError ? (
              <Alert variant="destructive" title="Last delivery error">
                <span className="break-words font-mono text-xs">{message.lastError}</span>
              </Alert>
            ) : null}
            <MailText text={message.text} />
            {message.status === "failed" ? (
              <Form method="post" className="flex justify-end">
                <input type="hidden" name="intent" value="retry" />
                <input type="hidden" name="id" value={message.id} />
                <Button type="submit" disabled={retrying}>
                  {retrying ? <Spinner label="Retrying" /> : <RotateCcw aria-hidden="true" />}
                  Retry sending
                </Button>
              </Form>
            ) : null}
          </CardContent>
        </Card>
      ) : null}

      <nav aria-label="Filter by status" className="flex flex-wrap gap-1">
        {FILTERS.map((f) => (
          <Link
            key={f.value}
            to={link({ status: f.value || null, id: null })}
            aria-current={status === f.value ? "page" : undefined}
            className={buttonClasses({
              variant: status === f.value ? "secondary" : "ghost",
              size: "sm",
              className: status === f.value ? "" : "text-muted-foreground",
            })}
          >
            {f.label}
          </Link>
        ))}
      </nav>

      {items.length === 0 ? (
        <EmptyState
          icon={Inbox}
          title={status ? `No ${STATUS[status as OutboxStatus]?.label.toLowerCase() ?? ""} mail` : "No mail yet"}
          description={status ? "Try another status." : emptyDescription}
        />
      ) : (
        <Card>
          <CardContent className="p-0">
            <Table>
              <TableHeader>
                <TableRow>
                  <TableHead>Status</TableHead>
                  <TableHead>Subject</TableHead>
                  <TableHead className="hidden sm:table-cell">To</TableHead>
                  <TableHead className="hidden md:table-cell">Kind</TableHead>
                  <TableHead>Created</TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {items.map((m) => (
                  // A click anywhere on the row opens the message; the subject link is the keyboard
                  // and no-JavaScript way to the same place.
                  <TableRow
                    key={m.id}
                    className={cn("cursor-pointer", message?.id === m.id && "bg-muted/60")}
                    onClick={(e) => {
                      if (!(e.target as HTMLElement).closest("a")) navigate(link({ id: m.id }));
                    }}
                  >
                    <TableCell>
                      <StatusBadge status={m.status} />
                    </TableCell>
                    <TableCell className="max-w-[22rem]">
                      <Link
                        to={link({ id: m.id })}
                        className="font-medium underline-offset-2 hover:underline"
                        aria-current={message?.id === m.id ? "true" : undefined}
                      >
                        {m.subject}
                      </Link>
                      <div className="truncate text-xs text-muted-foreground sm:hidden">{m.to}</div>
                      {m.status !== "sent" && m.lastError ? (
                        <div className="truncate text-xs text-destructive" title={m.lastError}>
                          {m.lastError}
                        </div>
                      ) : null}
                    </TableCell>
                    <TableCell className="hidden max-w-[16rem] truncate text-muted-foreground sm:table-cell">{m.to}</TableCell>
                    <TableCell className="hidden text-muted-foreground md:table-cell">{KIND_LABELS[m.kind] ?? m.kind}</TableCell>
                    <TableCell className="whitespace-nowrap text-muted-foreground">
                      <time dateTime={m.createdAt}>{formatDateTime(m.createdAt, timeZone)}</time>
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </CardContent>
        </Card>
      )}

      <LoadMoreButton hasMore={hasMore} loading={loading} loadMore={loadMore} />
    </div>
  );
}
