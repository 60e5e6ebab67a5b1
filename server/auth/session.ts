// PLACEHOLDER until the auth service lands: resolves no session.
import type { RequestAuth } from "./types";

export interface CookieAuthResult {
  auth: RequestAuth | null;
  /** A Set-Cookie header to send back (sliding expiry renewed, or a stale cookie cleared). */
  setCookie: string | null;
}

export async function authenticateCookie(_cookieHeader: string | undefined): Promise<CookieAuthResult> {
  return { auth: null, setCookie: null };
}
