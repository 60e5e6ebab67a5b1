// The contact list's filters as URL parameters (?q=&tag=&dnc=1|0&source=&upcoming=1|0&overdue=1|0
// &sort=&dir=), shared by
// the list page and the export, so "Export CSV" exports exactly what the list shows.
import type { ContactFilter } from "../../../server/contacts/search";

export const SORTS = {
  name: "Name",
  createdAt: "Date added",
  updatedAt: "Last updated",
} as const;
export type ContactSort = keyof typeof SORTS;

/** Sources the app itself writes; others (an integration's name) show as they are stored. */
export const SOURCE_LABELS: Record<string, string> = {
  manual: "Added by hand",
  import: "CSV import",
  phone: "Phone call",
  api: "API",
};

/** "1" is yes, "0" is no, anything else (or nothing) is "either". */
function yesNo(value: string | null): boolean | undefined {
  return value === "1" ? true : value === "0" ? false : undefined;
}

/** The search params that narrow the list (the export sends the same ones). */
export const CONTACT_FILTER_KEYS = ["q", "tag", "dnc", "source", "upcoming", "overdue"] as const;

export function contactFilterFromParams(params: URLSearchParams): ContactFilter {
  const clip = (value: string | null, max: number) => value?.trim().slice(0, max) || undefined;
  return {
    q: clip(params.get("q"), 200),
    tag: clip(params.get("tag"), 50)?.toLowerCase(),
    doNotCall: yesNo(params.get("dnc")),
    source: clip(params.get("source"), 40),
    hasUpcomingAppointment: yesNo(params.get("upcoming")),
    hasOverdueBalance: yesNo(params.get("overdue")),
  };
}

export function contactListFromParams(params: URLSearchParams) {
  const sort = params.get("sort");
  return {
    ...contactFilterFromParams(params),
    sort: sort && sort in SORTS ? (sort as ContactSort) : ("name" as const),
    dir: params.get("dir") === "desc" ? ("desc" as const) : ("asc" as const),
    cursor: params.get("cursor")?.slice(0, 500) || undefined,
    limit: 50,
  };
}

export function contactName(c: { givenName: string; familyName: string; company: string; email?: string | null; phone?: string | null }): string {
  return `${c.givenName} ${c.familyName}`.trim() || c.company || c.email || c.phone || "Unnamed contact";
}
