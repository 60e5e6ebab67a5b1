// The business name at the top of the sidebar; a menu to switch when the user has several.
import { useFetcher } from "@remix-run/react";
import { Building2, Check, ChevronsUpDown } from "lucide-react";
import { Badge } from "../ui/badge";
import { cn } from "../ui/cn";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuTrigger,
} from "../ui/dropdown-menu";
import { ROLE_LABELS } from "./role-label";
import type { ShellBusiness } from "./types";

export const SWITCH_BUSINESS_ACTION = "/resources/switch-business";

function BusinessBadge({ name }: { name: string }) {
  return (
    <span aria-hidden="true" className="flex size-8 shrink-0 items-center justify-center rounded-md bg-primary text-sm font-semibold text-primary-foreground">
      {name.trim().charAt(0).toUpperCase() || <Building2 className="size-4" />}
    </span>
  );
}

export function BusinessSwitcher({ current, businesses }: { current: ShellBusiness; businesses: ShellBusiness[] }) {
  const fetcher = useFetcher();
  const summary = (
    <>
      <BusinessBadge name={current.name} />
      <span className="grid min-w-0 flex-1 text-left leading-tight">
        <span className="truncate text-sm font-semibold">{current.name}</span>
        <span className="truncate text-xs text-muted-foreground">{ROLE_LABELS[current.role]}</span>
      </span>
    </>
  );

  if (businesses.length < 2) {
    return <div className="flex items-center gap-2.5 px-2 py-1.5">{summary}</div>;
  }

  return (
    <DropdownMenu>
      <DropdownMenuTrigger
        className="flex w-full items-center gap-2.5 rounded-md px-2 py-1.5 transition-colors hover:bg-accent focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring"
        aria-label={`Current business: ${current.name}. Switch business`}
      >
        {summary}
        <ChevronsUpDown aria-hidden="true" className="size-4 shrink-0 text-muted-foreground" />
      </DropdownMenuTrigger>
      <DropdownMenuContent align="start" className="w-72">
        <DropdownMenuLabel>Switch business</DropdownMenuLabel>
        {businesses.map((b) => {
          const isCurrent = b.tenantId === current.tenantId;
          const suspended = b.status !== "active";
          return (
            <DropdownMenuItem
              key={b.tenantId}
              disabled={suspended}
              onSelect={() => {
                if (isCurrent) return;
                fetcher.submit({ tenantId: b.tenantId }, { method: "post", action: SWITCH_BUSINESS_ACTION });
              }}
            >
              <Check aria-hidden="true" className={cn(!isCurrent && "invisible")} />
              <span className="min-w-0 flex-1 truncate">{b.name}</span>
              {suspended ? <Badge variant="warning">Suspended</Badge> : null}
            </DropdownMenuItem>
          );
        })}
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
