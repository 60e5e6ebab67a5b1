// One-shot toasts that survive a redirect: an action stores the toast in a short-lived signed
// cookie, the root loader reads it once, clears it and the page shows it (Post/Redirect/Get).
import { randomBytes, randomUUID } from "node:crypto";
import { createCookie, json, redirect } from "@remix-run/node";
import { z } from "zod";
import { env } from "../server/env";

export const toastSchema = z.object({
  type: z.enum(["success", "error", "info"]),
  title: z.string().min(1).max(200),
  description: z.string().max(1000).optional(),
});
export type Toast = z.infer<typeof toastSchema>;

/** A toast as the page receives it; the id lets the client show each one exactly once. */
export type ShownToast = Toast & { id: string };

let cookie: ReturnType<typeof createCookie> | undefined;

function toastCookie() {
  // Signed so a page cannot be made to show a forged message. Without SESSION_SECRET a random
  // per-process secret is used: a toast set just before a restart is dropped, nothing else.
  cookie ??= createCookie("sb_toast", {
    path: "/",
    httpOnly: true,
    sameSite: "lax",
    secure: env().NODE_ENV === "production",
    maxAge: 60,
    secrets: [env().SESSION_SECRET ?? randomBytes(32).toString("hex")],
  });
  return cookie;
}

async function toastHeaders(toast: Toast, init?: ResponseInit): Promise<Headers> {
  const headers = new Headers(init?.headers);
  const value: ShownToast = { ...toastSchema.parse(toast), id: randomUUID() };
  headers.append("Set-Cookie", await toastCookie().serialize(value));
  return headers;
}

/** Redirect and show `toast` on the next page. */
export async function redirectWithToast(url: string, toast: Toast, init?: ResponseInit) {
  return redirect(url, { ...init, headers: await toastHeaders(toast, init) });
}

/** Return action data and show `toast` when the page re-renders. */
export async function jsonWithToast<T>(data: T, toast: Toast, init?: ResponseInit) {
  return json(data, { ...init, headers: await toastHeaders(toast, init) });
}

/**
 * The pending toast, if any, and the headers that clear it. Called by the root loader; a
 * missing, expired, tampered or malformed cookie yields no toast.
 */
export async function getToast(request: Request): Promise<{ toast: ShownToast | null; headers: Headers }> {
  const headers = new Headers();
  const raw: unknown = await toastCookie().parse(request.headers.get("Cookie"));
  if (raw == null) return { toast: null, headers };
  headers.append("Set-Cookie", await toastCookie().serialize("", { maxAge: 0 }));
  const parsed = toastSchema.extend({ id: z.string() }).safeParse(raw);
  return { toast: parsed.success ? parsed.data : null, headers };
}
