// "Load more" over a cursor-paginated loader: the first page comes from the route's loader, later
// pages from a fetcher against the same loader, appended below. New first-page data (filters
// changed, or a revalidation after an action) starts the list again.
import { useFetcher } from "@remix-run/react";
import { useState } from "react";

export interface CursorPage<T> {
  items: T[];
  nextCursor: string | null;
}

interface State<T> {
  base: CursorPage<T>;
  items: T[];
  nextCursor: string | null;
  /** The fetcher result already appended, so it is not appended twice. */
  seen: unknown;
}

/** `href(cursor)` is the loader URL of the page after `cursor`; its loader returns `{ page }`. */
export function useLoadMore<T extends { id: string }>(first: CursorPage<T>, href: (cursor: string) => string) {
  const fetcher = useFetcher();
  const [state, setState] = useState<State<T>>({ base: first, items: first.items, nextCursor: first.nextCursor, seen: undefined });

  // Derived-state updates during render (React's documented pattern for "reset when props change").
  let current = state;
  if (current.base !== first) {
    current = { base: first, items: first.items, nextCursor: first.nextCursor, seen: fetcher.data };
  }
  // The same loader as `first`, so its serialised page has the same item type.
  const data = fetcher.data as { page: CursorPage<T> } | undefined;
  if (data && fetcher.state === "idle" && data !== current.seen) {
    const known = new Set(current.items.map((i) => i.id));
    current = {
      ...current,
      items: [...current.items, ...data.page.items.filter((i) => !known.has(i.id))],
      nextCursor: data.page.nextCursor,
      seen: data,
    };
  }
  if (current !== state) setState(current);

  return {
    items: current.items,
    hasMore: current.nextCursor !== null,
    loading: fetcher.state !== "idle",
    loadMore: () => {
      if (current.nextCursor) fetcher.load(href(current.nextCursor));
    },
  };
}
