// Settings: one layout with tabs. Business and Team are open to every member (read-only for
// those who cannot change them); the audit log and outbox are for owners and admins.
import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { NavLink, Outlet, useLoaderData } from "@remix-run/react";
import { ADMIN_ROLES } from "../../../server/auth/types";
import { cn } from "../../components/ui/cn";
import { PageHeader } from "../../components/ui/page-header";

export const meta: MetaFunction = () => [{ title: "Settings · Switchboard" }];

export async function loader({ context }: LoaderFunctionArgs) {
  const role = context.auth?.membership?.role ?? null;
  return json({ isAdmin: role !== null && ADMIN_ROLES.includes(role) });
}

const TABS = [
  { to: "business", label: "Business", adminOnly: false },
  { to: "team", label: "Team", adminOnly: false },
  { to: "scheduling", label: "Scheduling", adminOnly: false },
  { to: "inbound", label: "Inbound calls", adminOnly: false },
  { to: "phone-agent", label: "Phone agent", adminOnly: false },
  { to: "phone-numbers", label: "Phone numbers", adminOnly: false },
  { to: "audit", label: "Audit log", adminOnly: true },
  { to: "outbox", label: "Outbox", adminOnly: true },
  { to: "system", label: "System status", adminOnly: true },
] as const;

export default function SettingsLayout() {
  const { isAdmin } = useLoaderData<typeof loader>();
  return (
    <div className="mx-auto w-full max-w-5xl">
      <PageHeader title="Settings" description="Your business profile, your team and what happened when." />
      <nav aria-label="Settings" className="-mx-1 mb-6 overflow-x-auto border-b">
        <ul className="flex min-w-max gap-1 px-1">
          {TABS.filter((t) => isAdmin || !t.adminOnly).map((tab) => (
            <li key={tab.to}>
              <NavLink
                to={tab.to}
                prefetch="intent"
                className={({ isActive }) =>
                  cn(
                    "-mb-px inline-flex h-10 items-center border-b-2 px-3 text-sm font-medium transition-colors",
                    "focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring",
                    isActive
                      ? "border-primary text-foreground"
                      : "border-transparent text-muted-foreground hover:text-foreground",
                  )
                }
              >
                {tab.label}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <Outlet />
    </div>
  );
}
