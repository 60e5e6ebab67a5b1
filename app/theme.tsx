// Which colour scheme the page shows: the stored preference (root loader), overridden while a
// theme change is in flight so the switch feels instant, and the OS setting for "system".
import { useFetchers, useRouteLoaderData } from "@remix-run/react";
import { useSyncExternalStore } from "react";
import { z } from "zod";

export const themeSchema = z.enum(["light", "dark", "system"]);
export type Theme = z.infer<typeof themeSchema>;

export const THEME_COOKIE = "theme";
export const THEME_ACTION = "/resources/theme";
const DARK_QUERY = "(prefers-color-scheme: dark)";

/** The preference stored in a Cookie header (or document.cookie); "system" when absent. */
export function parseThemeCookie(cookieHeader: string | null | undefined): Theme {
  for (const part of (cookieHeader ?? "").split(";")) {
    const [name, ...rest] = part.trim().split("=");
    if (name === THEME_COOKIE) {
      const parsed = themeSchema.safeParse(decodeURIComponent(rest.join("=")));
      return parsed.success ? parsed.data : "system";
    }
  }
  return "system";
}

/** The user's preference: light, dark or system. */
export function useThemePreference(): Theme {
  const root = useRouteLoaderData<{ theme: Theme }>("root");
  const pending = useFetchers().find((f) => f.formAction === THEME_ACTION && f.formData);
  const optimistic = pending?.formData?.get("theme");
  if (optimistic === "light" || optimistic === "dark" || optimistic === "system") return optimistic;
  if (root) return root.theme;
  // Pages rendered without the root loader (a 404 for an unknown URL) read the cookie here.
  return typeof document === "undefined" ? "system" : parseThemeCookie(document.cookie);
}

function subscribe(onChange: () => void) {
  const media = window.matchMedia(DARK_QUERY);
  media.addEventListener("change", onChange);
  return () => media.removeEventListener("change", onChange);
}

/**
 * The scheme actually shown. On the server (and during hydration) "system" resolves to null:
 * the inline script in <head> has already set the class from the OS setting before paint.
 */
export function useResolvedTheme(preference: Theme): "light" | "dark" | null {
  const systemDark = useSyncExternalStore(
    subscribe,
    () => window.matchMedia(DARK_QUERY).matches,
    () => null,
  );
  if (preference !== "system") return preference;
  if (systemDark === null) return null;
  return systemDark ? "dark" : "light";
}

/**
 * Runs before first paint so a dark-mode user never sees a white flash: the stored choice, else
 * the OS setting. It also covers pages rendered without the root loader's data (an unknown
 * URL's 404). Kept tiny and inline (with the CSP nonce): it must not wait for the bundle.
 */
export const THEME_SCRIPT = `(function(){try{var m=document.cookie.match(/(?:^|; )${THEME_COOKIE}=(light|dark)(?:;|$)/);var d=m?m[1]==="dark":window.matchMedia(${JSON.stringify(
  DARK_QUERY,
)}).matches;var e=document.documentElement;e.classList.toggle("dark",d);e.style.colorScheme=d?"dark":"light";}catch(_){}})();`;
