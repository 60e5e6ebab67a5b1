// Reads and writes the theme preference cookie. A plain cookie (not sensitive, readable before
// any session), so the server renders the right colours on the first byte.
import { parseThemeCookie, THEME_COOKIE, type Theme } from "./theme";

export { themeSchema, type Theme } from "./theme";

const ONE_YEAR = 60 * 60 * 24 * 365;

export function getTheme(request: Request): Theme {
  return parseThemeCookie(request.headers.get("Cookie"));
}

export function themeCookie(theme: Theme): string {
  // "system" is the default: clear the cookie rather than store it.
  return theme === "system"
    ? `${THEME_COOKIE}=; Path=/; Max-Age=0; SameSite=Lax`
    : `${THEME_COOKIE}=${theme}; Path=/; Max-Age=${ONE_YEAR}; SameSite=Lax`;
}
