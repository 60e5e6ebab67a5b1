import { NavLink } from "@remix-run/react";
import { cn } from "../ui/cn";
import { NAV_ITEMS, SETTINGS_ITEM, type NavItem } from "./nav-items";

function Item({ item, onNavigate }: { item: NavItem; onNavigate?: () => void }) {
  const Icon = item.icon;
  return (
    <li>
      <NavLink
        to={item.to}
        prefetch="intent"
        onClick={onNavigate}
        className={({ isActive }) =>
          cn(
            "flex items-center gap-3 rounded-md px-3 py-2 text-sm font-medium transition-colors",
            "focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring",
            isActive
              ? "bg-primary/10 text-primary"
              : "text-muted-foreground hover:bg-accent hover:text-accent-foreground",
          )
        }
      >
        <Icon aria-hidden="true" className="size-4 shrink-0" />
        {item.label}
      </NavLink>
    </li>
  );
}

/** The section links. `onNavigate` closes the mobile drawer after a choice. */
export function SidebarNav({ onNavigate }: { onNavigate?: () => void }) {
  return (
    <nav aria-label="Main" className="flex flex-1 flex-col gap-4 overflow-y-auto px-3 py-3">
      <ul className="grid gap-0.5">
        {NAV_ITEMS.map((item) => (
          <Item key={item.to} item={item} onNavigate={onNavigate} />
        ))}
      </ul>
      <ul className="mt-auto grid gap-0.5 border-t pt-3">
        <Item item={SETTINGS_ITEM} onNavigate={onNavigate} />
      </ul>
    </nav>
  );
}
