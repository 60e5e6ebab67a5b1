// The parts every cursor-paginated list page shares (contacts, invoices, projects, audit log): a
// filter bar that submits itself, a table with "Load more", and the empty and loading states.
// A failed load is the route's error boundary (app/routes/_app+/_layout.tsx).
import { Form, useNavigation, useSearchParams, useSubmit, type FormProps } from "@remix-run/react";
import type { LucideIcon } from "lucide-react";
import { forwardRef, type ReactNode } from "react";
import { useLoadMore, type CursorPage } from "../hooks/use-load-more";
import { Button } from "./ui/button";
import { Card, CardContent } from "./ui/card";
import { cn } from "./ui/cn";
import { EmptyState } from "./ui/empty-state";
import { Label } from "./ui/label";
import { Spinner } from "./ui/spinner";
import { Table, TableBody, TableHead, TableHeader, TableRow } from "./ui/table";

/**
 * The first page from the route's loader plus "Load more" pages from the same loader.
 * `path` is the route's URL; `index` routes need `?index` so the fetcher reaches them and not the
 * layout above. `filterKeys` are the search params that narrow the list (for the empty state).
 */
export function useListPage<T extends { id: string }>(
  page: CursorPage<T>,
  { path, index = false, filterKeys }: { path: string; index?: boolean; filterKeys: readonly string[] },
) {
  const [params] = useSearchParams();
  const navigation = useNavigation();
  const list = useLoadMore(page, (cursor) => {
    const next = new URLSearchParams(params);
    next.set("cursor", cursor);
    return `${path}?${index ? "index&" : ""}${next}`;
  });
  return {
    ...list,
    params,
    filtered: filterKeys.some((k) => params.get(k)),
    /** New filters are loading: the rows shown are the previous filter's. */
    pending: navigation.state === "loading" && navigation.location.pathname === path,
  };
}

/**
 * A GET form of filters. By default any change submits it (replacing the history entry); with
 * `autoSubmit={false}` the page submits it itself (to debounce typing). Without JavaScript an
 * Apply button shows.
 */
export const FilterBar = forwardRef<HTMLFormElement, FormProps & { children: ReactNode; autoSubmit?: boolean }>(function FilterBar(
  { children, className, autoSubmit = true, ...props },
  ref,
) {
  const submit = useSubmit();
  return (
    <Form
      ref={ref}
      method="get"
      role="search"
      className={cn("mb-4 flex flex-col gap-3 sm:flex-row sm:flex-wrap sm:items-end", className)}
      onChange={autoSubmit ? (e) => submit(e.currentTarget, { replace: true, preventScrollReset: true }) : undefined}
      {...props}
    >
      {children}
      {/* Without JavaScript the controls don't submit on change. */}
      <noscript>
        <Button type="submit" variant="outline">
          Apply
        </Button>
      </noscript>
    </Form>
  );
});

/** One labelled control of a filter bar. */
export function FilterField({ id, label, className, children }: { id: string; label: ReactNode; className?: string; children: ReactNode }) {
  return (
    <div className={cn("grid gap-1.5", className)}>
      <Label htmlFor={id}>{label}</Label>
      {children}
    </div>
  );
}

/** A checkbox filter: present in the URL as `name=1` when ticked. */
export function FilterCheckbox({ name, label, checked }: { name: string; label: ReactNode; checked: boolean }) {
  return (
    <label className="flex h-9 items-center gap-2 whitespace-nowrap text-sm">
      <input type="checkbox" name={name} value="1" defaultChecked={checked} className="size-4" />
      {label}
    </label>
  );
}

export interface ListColumn {
  label: ReactNode;
  /** Responsive visibility and alignment, e.g. "hidden md:table-cell". */
  className?: string;
}

/**
 * The list itself: the empty state when there are no rows, else the table, then "Load more".
 * `rows` renders the `<TableRow>`s; while new filters load, the old rows dim and say so.
 */
export function CursorList<T>({
  items,
  columns,
  rows,
  empty,
  hasMore,
  loading,
  loadMore,
  pending = false,
  footer,
}: {
  items: T[];
  columns: ListColumn[];
  rows: (items: T[]) => ReactNode;
  empty: { icon: LucideIcon; title: ReactNode; description?: ReactNode; action?: ReactNode };
  hasMore: boolean;
  loading: boolean;
  loadMore: () => void;
  pending?: boolean;
  /** Shown under the table when there are rows (e.g. how search results are ordered). */
  footer?: ReactNode;
}) {
  return (
    <div aria-busy={pending || loading} className={cn("grid grid-cols-[minmax(0,1fr)] gap-3 transition-opacity", pending && "opacity-60")}>
      {items.length === 0 ? (
        <EmptyState icon={empty.icon} title={empty.title} description={empty.description} action={empty.action} />
      ) : (
        <Card>
          <CardContent className="p-0">
            <Table>
              <TableHeader>
                <TableRow>
                  {columns.map((c, i) => (
                    <TableHead key={i} className={c.className}>
                      {c.label}
                    </TableHead>
                  ))}
                </TableRow>
              </TableHeader>
              <TableBody>{rows(items)}</TableBody>
            </Table>
          </CardContent>
        </Card>
      )}
      {items.length > 0 && footer ? <div className="text-xs text-muted-foreground">{footer}</div> : null}
      <LoadMoreButton hasMore={hasMore} loading={loading} loadMore={loadMore} />
    </div>
  );
}

/** "Load more" under a cursor-paginated list; nothing once the last page is shown. */
export function LoadMoreButton({ hasMore, loading, loadMore }: { hasMore: boolean; loading: boolean; loadMore: () => void }) {
  if (!hasMore) return null;
  return (
    <div className="mt-1 flex justify-center">
      <Button variant="outline" onClick={loadMore} disabled={loading}>
        {loading ? <Spinner label="Loading more" /> : null}
        Load more
      </Button>
    </div>
  );
}
