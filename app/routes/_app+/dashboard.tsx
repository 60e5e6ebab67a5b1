import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import {
  ArrowRight,
  Building2,
  CheckCircle2,
  Circle,
  Clock,
  FileClock,
  Inbox,
  Users,
  type LucideIcon,
} from "lucide-react";
import { Badge } from "../../components/ui/badge";
import { buttonClasses } from "../../components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "../../components/ui/card";
import { cn } from "../../components/ui/cn";
import { PageHeader } from "../../components/ui/page-header";
import { ADMIN_ROLES } from "../../../server/auth/types";
import type { ChecklistStepKey } from "../../../server/onboarding/checklist";
import { serverCaller } from "../../trpc.server";

export const meta: MetaFunction = () => [{ title: "Dashboard · Switchboard" }];

/** "Good morning" in the business's own time zone (where its staff work). */
function greetingFor(timeZone: string, now = new Date()) {
  let hour: number;
  try {
    hour = Number(new Intl.DateTimeFormat("en-US", { timeZone, hour: "numeric", hourCycle: "h23" }).format(now));
  } catch {
    hour = now.getUTCHours();
  }
  if (hour < 5) return "Good evening";
  if (hour < 12) return "Good morning";
  if (hour < 18) return "Good afternoon";
  return "Good evening";
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  const caller = serverCaller(request, context);
  const checklist = await caller.dashboard.checklist();
  // The layout guarantees a signed-in member of an active business.
  const auth = context.auth!;
  const membership = auth.membership!;
  return json({
    greeting: greetingFor(membership.tenant.timezone),
    firstName: auth.user.name.trim().split(/\s+/)[0] ?? auth.user.name,
    businessName: membership.tenant.name,
    isAdmin: ADMIN_ROLES.includes(membership.role),
    checklist,
  });
}

const STEP_COPY: Record<ChecklistStepKey, { title: string; description: string; href?: string; action?: string }> = {
  business_hours: {
    title: "Set your business hours",
    description: "Your AI receptionist uses them to tell callers when you're open and to offer appointment times.",
    href: "/settings/business",
    action: "Set hours",
  },
  team: {
    title: "Invite your team",
    description: "Teammates take handovers from the receptionist and keep contacts, appointments and invoices up to date.",
    href: "/settings/team",
    action: "Invite",
  },
  phone_number: {
    title: "Connect a phone number",
    description: "Route your business line to the AI receptionist. Arrives with telephony.",
  },
  first_workflow: {
    title: "Publish your first call workflow",
    description: "Choose what the receptionist asks and does on a call. Arrives with the workflow editor.",
  },
  import_contacts: {
    title: "Import your contacts",
    description: "So the receptionist recognises your clients by their number. Arrives with the CRM core.",
  },
};

interface QuickLink {
  label: string;
  description: string;
  to: string;
  icon: LucideIcon;
  adminOnly: boolean;
}

const QUICK_LINKS: QuickLink[] = [
  { label: "Business profile", description: "Name, time zone, hours", to: "/settings/business", icon: Building2, adminOnly: false },
  { label: "Team", description: "Members and invitations", to: "/settings/team", icon: Users, adminOnly: true },
  { label: "Audit log", description: "Who changed what", to: "/settings/audit", icon: FileClock, adminOnly: true },
  { label: "Outbox", description: "E-mail sent by Switchboard", to: "/settings/outbox", icon: Inbox, adminOnly: true },
];

export default function Dashboard() {
  const { greeting, firstName, businessName, isAdmin, checklist } = useLoaderData<typeof loader>();
  const percent = checklist.available ? Math.round((checklist.done / checklist.available) * 100) : 0;
  const links = QUICK_LINKS.filter((l) => isAdmin || !l.adminOnly);

  return (
    <>
      <PageHeader title={`${greeting}, ${firstName}`} description={`Here's where ${businessName} stands.`} />

      <div className="grid gap-6 lg:grid-cols-3">
        <Card className="lg:col-span-2">
          <CardHeader>
            <CardTitle>Get started</CardTitle>
            <CardDescription>
              {checklist.done === checklist.available
                ? "Everything available today is set up. More steps appear as new features arrive."
                : `${checklist.done} of ${checklist.available} steps you can do today are done.`}
            </CardDescription>
            <div
              className="mt-2 h-1.5 w-full overflow-hidden rounded-full bg-muted"
              role="progressbar"
              aria-label="Setup progress"
              aria-valuemin={0}
              aria-valuemax={checklist.available}
              aria-valuenow={checklist.done}
            >
              <div className="h-full rounded-full bg-primary transition-all" style={{ width: `${percent}%` }} />
            </div>
          </CardHeader>
          <CardContent>
            <ol className="divide-y rounded-md border">
              {checklist.steps.map((step) => {
                const copy = STEP_COPY[step.key];
                const comingSoon = step.status === "coming_soon";
                return (
                  <li key={step.key} className="flex flex-col gap-3 p-4 sm:flex-row sm:items-center">
                    <div className="flex min-w-0 flex-1 gap-3">
                      {step.status === "done" ? (
                        <CheckCircle2 aria-hidden="true" className="mt-0.5 size-5 shrink-0 text-success" />
                      ) : comingSoon ? (
                        <Clock aria-hidden="true" className="mt-0.5 size-5 shrink-0 text-muted-foreground/60" />
                      ) : (
                        <Circle aria-hidden="true" className="mt-0.5 size-5 shrink-0 text-muted-foreground" />
                      )}
                      <div className="min-w-0">
                        <p className={cn("text-sm font-medium", comingSoon && "text-muted-foreground")}>
                          {copy.title}
                          <span className="sr-only">
                            {step.status === "done" ? " (done)" : comingSoon ? " (coming soon)" : " (to do)"}
                          </span>
                        </p>
                        <p className="mt-0.5 text-sm text-muted-foreground">{copy.description}</p>
                      </div>
                    </div>
                    <div className="pl-8 sm:pl-0">
                      {step.status === "done" ? (
                        <Badge variant="success">Done</Badge>
                      ) : comingSoon ? (
                        <Badge variant="secondary">Coming soon</Badge>
                      ) : isAdmin && copy.href ? (
                        <Link to={copy.href} className={buttonClasses({ size: "sm", variant: "outline" })}>
                          {copy.action}
                          <ArrowRight aria-hidden="true" />
                        </Link>
                      ) : (
                        <span className="text-xs text-muted-foreground">An owner or admin can do this</span>
                      )}
                    </div>
                  </li>
                );
              })}
            </ol>
          </CardContent>
        </Card>

        <Card className="self-start">
          <CardHeader>
            <CardTitle>Quick links</CardTitle>
          </CardHeader>
          <CardContent>
            <ul className="grid gap-1">
              {links.map((link) => {
                const Icon = link.icon;
                return (
                  <li key={link.to}>
                    <Link
                      to={link.to}
                      className="flex items-center gap-3 rounded-md p-2 transition-colors hover:bg-accent focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring"
                    >
                      <span className="flex size-8 shrink-0 items-center justify-center rounded-md bg-muted">
                        <Icon aria-hidden="true" className="size-4 text-muted-foreground" />
                      </span>
                      <span className="grid min-w-0 leading-tight">
                        <span className="text-sm font-medium">{link.label}</span>
                        <span className="truncate text-xs text-muted-foreground">{link.description}</span>
                      </span>
                    </Link>
                  </li>
                );
              })}
            </ul>
          </CardContent>
        </Card>
      </div>
    </>
  );
}
