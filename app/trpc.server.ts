// Server-side tRPC caller for loaders and actions: the same procedures, authorisation and
// validation as the HTTP API, without the HTTP hop.
import type { AppLoadContext } from "@remix-run/node";
import { TRPCError } from "@trpc/server";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import { createContext } from "../server/trpc/init";
import { createCaller } from "../server/trpc/root";

export function serverCaller(request: Request, context: AppLoadContext, resHeaders = new Headers()) {
  return createCaller(
    createContext({ request, auth: context.auth, requestId: context.requestId, ip: context.ip, resHeaders }),
  );
}

/**
 * For loaders: rethrows an expected tRPC error (signed out, not allowed, not found...) as the
 * HTTP response the error page explains, so it does not surface as a 500. Anything else is rethrown.
 */
export function rethrowAsResponse(error: unknown): never {
  if (error instanceof TRPCError && error.code !== "INTERNAL_SERVER_ERROR") {
    throw new Response(error.message, { status: getHTTPStatusCodeFromError(error) });
  }
  throw error;
}
