import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { describe, expect, it } from "vitest";
import { getToast } from "../toast.server";
import { refusalMessage, refusalToast } from "./action-errors.server";

/** The toast the browser's next request would show. */
async function toastOf(response: Response) {
  const cookie = (response.headers.get("Set-Cookie") ?? "").split(";")[0]!;
  return (await getToast(new Request("http://localhost/settings", { headers: { Cookie: cookie } }))).toast;
}

describe("refusalToast", () => {
  it("answers a refusal with the form data, 400 and a toast saying why", async () => {
    const response = await refusalToast(new TRPCError({ code: "CONFLICT", message: "That number is taken" }), { values: { a: 1 } }, "Couldn't save");
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ values: { a: 1 } });
    expect(await toastOf(response)).toMatchObject({ type: "error", title: "Couldn't save", description: "That number is taken" });
  });

  it("answers 403 when not allowed", async () => {
    const response = await refusalToast(new TRPCError({ code: "FORBIDDEN", message: "Admins only" }), {}, "Couldn't save");
    expect(response.status).toBe(403);
    expect((await toastOf(response))?.description).toBe("Admins only");
  });

  it("says a bad input's first issue, not the whole validation dump", async () => {
    const parsed = z.object({ name: z.string().min(1, "Enter a name") }).safeParse({ name: "" });
    const error = new TRPCError({ code: "BAD_REQUEST", message: JSON.stringify(parsed.error?.issues), cause: parsed.error });
    expect(refusalMessage(error)).toBe("Enter a name");
    expect((await toastOf(await refusalToast(error, {}, "Couldn't save")))?.description).toBe("Enter a name");
  });

  it("rethrows what is not a refusal: internal errors and plain exceptions", () => {
    const internal = new TRPCError({ code: "INTERNAL_SERVER_ERROR", message: "boom" });
    const plain = new Error("database down");
    expect(() => refusalToast(internal, {}, "x")).toThrow(internal);
    expect(() => refusalToast(plain, {}, "x")).toThrow(plain);
  });
});
