// Shown to a signed-in user who has no active business to work in: their business was
// suspended, or they were removed from it. Offers the businesses they can still open.
import { Form, Link, useFetcher } from "@remix-run/react";
import { Building2 } from "lucide-react";
import { Button, buttonClasses } from "../ui/button";
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from "../ui/card";
import { SWITCH_BUSINESS_ACTION } from "./business-switcher";
import type { ShellBusiness, ShellUser } from "./types";

export function NoBusiness({
  user,
  suspendedName,
  alternatives,
}: {
  user: ShellUser;
  /** The business this session was working in, when it is suspended. */
  suspendedName: string | null;
  /** Other active businesses the user belongs to. */
  alternatives: ShellBusiness[];
}) {
  const fetcher = useFetcher();
  return (
    <main id="main-content" className="flex min-h-dvh items-center justify-center p-4">
      <Card className="w-full max-w-md">
        <CardHeader>
          <div className="mb-2 flex size-10 items-center justify-center rounded-full bg-muted">
            <Building2 aria-hidden="true" className="size-5 text-muted-foreground" />
          </div>
          <CardTitle className="text-lg">
            {suspendedName ? `${suspendedName} is suspended` : "Your account isn't part of an active business"}
          </CardTitle>
          <CardDescription>
            {suspendedName
              ? "Access to this business has been paused by the platform administrator. Contact them or the business owner to restore it."
              : "You may have been removed from the business you belonged to. Ask its owner for a new invitation."}
          </CardDescription>
        </CardHeader>
        {alternatives.length > 0 ? (
          <CardContent className="grid gap-2">
            <p className="text-sm font-medium">You can still open:</p>
            {alternatives.map((b) => (
              <fetcher.Form key={b.tenantId} method="post" action={SWITCH_BUSINESS_ACTION}>
                <input type="hidden" name="tenantId" value={b.tenantId} />
                <Button type="submit" variant="outline" className="w-full justify-start">
                  {b.name}
                </Button>
              </fetcher.Form>
            ))}
          </CardContent>
        ) : null}
        <CardFooter className="flex-wrap justify-between">
          <span className="truncate text-xs text-muted-foreground">Signed in as {user.email}</span>
          <div className="flex shrink-0 gap-2">
            {user.isSuperAdmin ? (
              <Link to="/admin" className={buttonClasses({ variant: "outline", size: "sm" })}>
                Platform admin
              </Link>
            ) : null}
            <Form method="post" action="/logout">
              <Button type="submit" variant="secondary" size="sm">
                Log out
              </Button>
            </Form>
          </div>
        </CardFooter>
      </Card>
    </main>
  );
}
