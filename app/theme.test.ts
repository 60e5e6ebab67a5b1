import { describe, expect, it } from "vitest";
import { action } from "./routes/resources+/theme";
import { parseThemeCookie } from "./theme";
import { getTheme } from "./theme.server";

function post(body: Record<string, string>) {
  const request = new Request("http://localhost/resources/theme", { method: "POST", body: new URLSearchParams(body) });
  return action({ request, params: {}, context: {} as never });
}

describe("theme preference", () => {
  it("reads the stored choice among other cookies, and falls back to system", () => {
    expect(parseThemeCookie("sb_session=x; theme=dark; other=1")).toBe("dark");
    expect(parseThemeCookie("theme=light")).toBe("light");
    expect(parseThemeCookie("sb_theme=dark")).toBe("system");
    expect(parseThemeCookie("theme=purple")).toBe("system");
    expect(parseThemeCookie(undefined)).toBe("system");
    expect(getTheme(new Request("http://localhost/", { headers: { Cookie: "theme=dark" } }))).toBe("dark");
  });

  it("stores light or dark for a year and clears the cookie for system", async () => {
    const dark = await post({ theme: "dark" });
    expect(dark.headers.get("Set-Cookie")).toMatch(/^theme=dark; Path=\/; Max-Age=31536000; SameSite=Lax$/);
    const system = await post({ theme: "system" });
    expect(system.headers.get("Set-Cookie")).toMatch(/^theme=; Path=\/; Max-Age=0/);
  });

  it("refuses an unknown theme without setting a cookie", async () => {
    const response = await post({ theme: "purple" });
    expect(response.status).toBe(400);
    expect(response.headers.get("Set-Cookie")).toBeNull();
  });
});
