import { describe, expect, it } from "vitest";
import { getToast, jsonWithToast, redirectWithToast } from "./toast.server";

/** The browser's next request, carrying the cookie a response set. */
function nextRequest(response: Response): Request {
  const setCookie = response.headers.get("Set-Cookie") ?? "";
  return new Request("http://localhost/dashboard", { headers: { Cookie: setCookie.split(";")[0] } });
}

describe("toasts across a redirect", () => {
  it("carries the toast to the next page and clears it there", async () => {
    const response = await redirectWithToast("/settings/team", { type: "success", title: "Invite sent", description: "to a@b.test" });
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/settings/team");

    const { toast, headers } = await getToast(nextRequest(response));
    expect(toast).toMatchObject({ type: "success", title: "Invite sent", description: "to a@b.test" });
    expect(toast?.id).toEqual(expect.any(String));
    expect(headers.get("Set-Cookie")).toMatch(/^sb_toast=;.*Max-Age=0/);
  });

  it("keeps the caller's headers and status on json responses", async () => {
    const response = await jsonWithToast({ ok: false }, { type: "error", title: "Nope" }, { status: 400, headers: { "X-Test": "1" } });
    expect(response.status).toBe(400);
    expect(response.headers.get("X-Test")).toBe("1");
    expect(await response.json()).toEqual({ ok: false });
    expect((await getToast(nextRequest(response))).toast?.title).toBe("Nope");
  });

  it("keeps a Set-Cookie the caller already added (a new session) beside the toast", async () => {
    const headers = new Headers({ "Set-Cookie": "sb_session=abc; Path=/" });
    const response = await redirectWithToast("/dashboard", { type: "info", title: "Switched" }, { headers });
    const cookies = response.headers.getSetCookie();
    expect(cookies).toHaveLength(2);
    expect(cookies[0]).toMatch(/^sb_session=abc/);
    expect(cookies[1]).toMatch(/^sb_toast=/);
  });

  it("ignores a forged or missing toast cookie", async () => {
    const forged = `sb_toast=${Buffer.from(JSON.stringify({ type: "error", title: "Your account is locked", id: "x" })).toString("base64")}`;
    expect((await getToast(new Request("http://localhost/", { headers: { Cookie: forged } }))).toast).toBeNull();
    const none = await getToast(new Request("http://localhost/"));
    expect(none.toast).toBeNull();
    expect(none.headers.get("Set-Cookie")).toBeNull();
  });

  it("refuses a toast without a title", async () => {
    await expect(redirectWithToast("/", { type: "success", title: "" })).rejects.toThrow();
  });
});
