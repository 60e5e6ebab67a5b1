// Every signed-in page lives inside this layout: it requires a session in an active business
// and draws the app shell around the page.
import { json, redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { isRouteErrorResponse, Link, Outlet, useLoaderData, useRouteError, useRouteLoaderData } from "@remix-run/react";
import { AlertTriangle } from "lucide-react";
import { AppShell } from "../../components/app-shell/app-shell";
import { NoBusiness } from "../../components/app-shell/no-business";
import type { ShellBusiness, ShellUser } from "../../components/app-shell/types";
import { buttonClasses } from "../../components/ui/button";
import { serverCaller } from "../../trpc.server";

const LAYOUT_ROUTE_ID = "routes/_app+/_layout";

interface NoBusinessData {
  reason: "no-business";
  user: ShellUser;
  suspendedName: string | null;
  alternatives: ShellBusiness[];
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  const auth = context.auth;
  if (!auth) {
    const url = new URL(request.url);
    throw redirect(`/login?redirectTo=${encodeURIComponent(url.pathname + url.search)}`);
  }
  const user: ShellUser = { name: auth.user.name, email: auth.user.email, isSuperAdmin: auth.user.isSuperAdmin };
  const membership = auth.membership;
  if (!membership && user.isSuperAdmin) throw redirect("/admin");

  const businesses = await serverCaller(request, context).me.businesses();
  if (!membership || membership.tenant.status !== "active") {
    // Thrown, not returned: the pages below would fail without a business, and a thrown
    // response makes this layout's boundary render instead of any of them.
    const data: NoBusinessData = {
      reason: "no-business",
      user,
      suspendedName: membership ? membership.tenant.name : null,
      alternatives: businesses.filter((b) => b.status === "active" && b.tenantId !== membership?.tenantId),
    };
    throw json(data, { status: 403 });
  }

  const business: ShellBusiness = {
    tenantId: membership.tenantId,
    name: membership.tenant.name,
    status: membership.tenant.status,
    role: membership.role,
  };
  return json({ user, business, businesses, timeZone: membership.tenant.timezone });
}

export default function AppLayout() {
  const { user, business, businesses } = useLoaderData<typeof loader>();
  return (
    <AppShell user={user} business={business} businesses={businesses}>
      <Outlet />
    </AppShell>
  );
}

function isNoBusiness(data: unknown): data is NoBusinessData {
  return typeof data === "object" && data !== null && (data as { reason?: unknown }).reason === "no-business";
}

/** A page's error, shown inside the shell so navigation keeps working. */
export function ErrorBoundary() {
  const error = useRouteError();
  const shell = useRouteLoaderData<typeof loader>(LAYOUT_ROUTE_ID);

  if (isRouteErrorResponse(error) && isNoBusiness(error.data)) {
    return <NoBusiness user={error.data.user} suspendedName={error.data.suspendedName} alternatives={error.data.alternatives} />;
  }

  const status = isRouteErrorResponse(error) ? error.status : 500;
  const title =
    status === 404 ? "Page not found" : status === 403 ? "You don't have access to this page" : "Something went wrong";
  const detail =
    status === 404
      ? "This page doesn't exist or has moved."
      : status === 403
        ? "Ask an owner or admin of your business if you need it."
        : "This page couldn't load. Try again in a moment; if it keeps happening, tell your administrator.";

  const content = (
    <div role="alert" className="mx-auto flex max-w-md flex-col items-center py-16 text-center">
      <div className="mb-4 flex size-12 items-center justify-center rounded-full bg-destructive/10">
        <AlertTriangle aria-hidden="true" className="size-6 text-destructive" />
      </div>
      <h1 className="text-xl font-semibold tracking-tight">{title}</h1>
      <p className="mt-2 text-sm text-muted-foreground">{detail}</p>
      <Link to="/dashboard" className={buttonClasses({ variant: "outline", className: "mt-6" })}>
        Back to the dashboard
      </Link>
    </div>
  );

  // The layout's own loader failed: there is no shell to keep.
  if (!shell) return <main id="main-content" className="p-6">{content}</main>;
  return (
    <AppShell user={shell.user} business={shell.business} businesses={shell.businesses}>
      {content}
    </AppShell>
  );
}
