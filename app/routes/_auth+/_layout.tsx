// Signed-out pages (login, sign-up, password reset, invites): one centred card under the product name.
import { Link, Outlet } from "@remix-run/react";
import { PhoneCall } from "lucide-react";

export default function AuthLayout() {
  return (
    <main id="main-content" className="flex min-h-dvh flex-col items-center justify-center gap-6 bg-muted/30 p-4">
      <Link to="/" className="flex items-center gap-2 text-lg font-semibold tracking-tight">
        <span className="flex size-8 items-center justify-center rounded-md bg-primary text-primary-foreground">
          <PhoneCall aria-hidden="true" className="size-4" />
        </span>
        Switchboard
      </Link>
      <div className="w-full max-w-sm">
        <Outlet />
      </div>
    </main>
  );
}
