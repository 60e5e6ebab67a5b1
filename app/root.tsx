import { json, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import {
  isRouteErrorResponse,
  Link,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import type { ReactNode } from "react";
import { Toaster } from "./components/app-shell/toaster";
import { useNonce } from "./components/nonce";
import { buttonClasses } from "./components/ui/button";
import stylesheet from "./styles/tailwind.css";
import { THEME_SCRIPT, useResolvedTheme, useThemePreference } from "./theme";
import { getTheme } from "./theme.server";
import { getToast } from "./toast.server";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesheet },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];
export const meta: MetaFunction = () => [{ title: "Switchboard" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { toast, headers } = await getToast(request);
  return json({ theme: getTheme(request), toast }, { headers });
}

export type RootLoaderData = typeof loader;

/** The document around every page, including error pages (so theme and styles always apply). */
export function Layout({ children }: { children: ReactNode }) {
  const nonce = useNonce();
  const data = useRouteLoaderData<typeof loader>("root");
  const preference = useThemePreference();
  const resolved = useResolvedTheme(preference);

  return (
    <html
      lang="en"
      className={resolved === "dark" ? "dark" : undefined}
      style={resolved ? { colorScheme: resolved } : undefined}
      // THEME_SCRIPT may set the class before hydration where the server could not know it.
      suppressHydrationWarning
    >
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <script nonce={nonce} dangerouslySetInnerHTML={{ __html: THEME_SCRIPT }} />
        <Meta />
        <Links />
      </head>
      <body className="min-h-dvh">
        {children}
        <Toaster toast={data?.toast ?? null} theme={resolved} />
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary() {
  const error = useRouteError();
  const notFound = isRouteErrorResponse(error) && error.status === 404;
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const title = notFound ? "Page not found" : status === 403 ? "Not allowed" : "Something went wrong";
  const text = notFound
    ? "The page you were looking for doesn't exist or has moved."
    : status === 403
      ? "You don't have access to this page."
      : "An unexpected error stopped this page from loading. Try again in a moment; if it keeps happening, tell your administrator.";

  return (
    <main className="flex min-h-dvh items-center justify-center p-6">
      <div className="max-w-md text-center">
        <p className="text-sm font-semibold text-primary">{status}</p>
        <h1 className="mt-2 text-2xl font-semibold tracking-tight">{title}</h1>
        <p className="mt-3 text-sm text-muted-foreground">{text}</p>
        <div className="mt-6 flex justify-center gap-2">
          <Link to="/" className={buttonClasses()}>
            Go to the home page
          </Link>
        </div>
      </div>
    </main>
  );
}
