// The platform console for super admins: its own plain frame, apart from any business's shell.
import { json, redirect, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, NavLink, Outlet, useLoaderData } from "@remix-run/react";
import { ArrowLeft, LogOut, ShieldCheck } from "lucide-react";
import { Button, buttonClasses } from "../../components/ui/button";

export const meta: MetaFunction = () => [{ title: "Platform · Switchboard" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const auth = context.auth;
  if (!auth) {
    const url = new URL(request.url);
    throw redirect(`/login?redirectTo=${encodeURIComponent(url.pathname + url.search)}`);
  }
  if (!auth.user.isSuperAdmin) throw new Response("Only platform administrators can open the console.", { status: 403 });
  const business = auth.membership?.tenant.status === "active" ? auth.membership.tenant.name : null;
  return json({ user: { name: auth.user.name, email: auth.user.email }, business });
}

const SECTIONS = [
  { to: "/admin", label: "Businesses" },
  // Platform mail (password resets) lives on its own page (admin+/outbox.tsx).
  { to: "/admin/outbox", label: "Outbox" },
];

export default function AdminLayout() {
  const { user, business } = useLoaderData<typeof loader>();
  return (
    <div className="min-h-dvh bg-muted/30">
      <header className="border-b bg-background">
        <div className="mx-auto flex h-14 max-w-6xl items-center gap-3 px-4 sm:px-6">
          <Link to="/admin" className="flex items-center gap-2 font-semibold tracking-tight">
            <ShieldCheck aria-hidden="true" className="size-5 text-primary" />
            <span>Switchboard platform</span>
          </Link>
          <nav aria-label="Platform" className="ml-2 hidden items-center gap-1 sm:flex">
            {SECTIONS.map((s) => (
              <NavLink
                key={s.to}
                to={s.to}
                end
                className={({ isActive }) =>
                  buttonClasses({ variant: "ghost", size: "sm", className: isActive ? "bg-accent text-accent-foreground" : "text-muted-foreground" })
                }
              >
                {s.label}
              </NavLink>
            ))}
          </nav>
          <div className="ml-auto flex items-center gap-1 sm:gap-2">
            {business ? (
              <Link to="/dashboard" className={buttonClasses({ variant: "ghost", size: "sm" })} title={`Back to ${business}`}>
                <ArrowLeft aria-hidden="true" />
                <span className="hidden sm:inline">Back to {business}</span>
                <span className="sm:hidden">App</span>
              </Link>
            ) : null}
            <span className="hidden text-sm text-muted-foreground md:inline" title={user.email}>
              {user.name}
            </span>
            <Form method="post" action="/logout">
              <Button type="submit" variant="outline" size="sm">
                <LogOut aria-hidden="true" /> Log out
              </Button>
            </Form>
          </div>
        </div>
      </header>
      <main className="mx-auto max-w-6xl px-4 py-6 sm:px-6 sm:py-8">
        <Outlet />
      </main>
    </div>
  );
}
