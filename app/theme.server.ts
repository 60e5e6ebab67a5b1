// The theme preference lives in a plain cookie (not sensitive, readable before any session), so
// the server can render the right colours on the first byte.
import { z } from "zod";

export const themeSchema = z.enum(["light", "dark", "system"]);
export type Theme = z.infer<typeof themeSchema>;

const COOKIE = "theme";
const ONE_YEAR = 60 * 60 * 24 * 365;

export function getTheme(request: Request): Theme {
  const header = request.headers.get("Cookie") ?? "";
  for (const part of header.split(";")) {
    const [name, ...rest] = part.trim().split("=");
    if (name === COOKIE) {
      const parsed = themeSchema.safeParse(decodeURIComponent(rest.join("=")));
      return parsed.success ? parsed.data : "system";
    }
  }
  return "system";
}

export function themeCookie(theme: Theme): string {
  // "system" is the default: clear the cookie rather than store it.
  return theme === "system"
    ? `${COOKIE}=; Path=/; Max-Age=0; SameSite=Lax`
    : `${COOKIE}=${theme}; Path=/; Max-Age=${ONE_YEAR}; SameSite=Lax`;
}
