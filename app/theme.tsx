// Which colour scheme the page shows: the stored preference (root loader), overridden while a
// theme change is in flight so the switch feels instant, and the OS setting for "system".
import { useFetchers, useRouteLoaderData } from "@remix-run/react";
import { useSyncExternalStore } from "react";
import type { Theme } from "./theme.server";

export type { Theme };
export const THEME_ACTION = "/resources/theme";
const DARK_QUERY = "(prefers-color-scheme: dark)";

/** The user's preference: light, dark or system. */
export function useThemePreference(): Theme {
  const root = useRouteLoaderData<{ theme: Theme }>("root");
  const pending = useFetchers().find((f) => f.formAction === THEME_ACTION && f.formData);
  const optimistic = pending?.formData?.get("theme");
  if (optimistic === "light" || optimistic === "dark" || optimistic === "system") return optimistic;
  return root?.theme ?? "system";
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
 * Runs before first paint when the preference is "system" so a dark-mode user never sees a
 * white flash. Kept tiny and inline (with the CSP nonce): it must not wait for the bundle.
 */
export const SYSTEM_THEME_SCRIPT = `(function(){try{var d=window.matchMedia(${JSON.stringify(
  DARK_QUERY,
)}).matches;var e=document.documentElement;e.classList.toggle("dark",d);e.style.colorScheme=d?"dark":"light";}catch(_){}})();`;
