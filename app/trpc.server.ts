// Server-side tRPC caller for loaders and actions: the same procedures, authorisation and
// validation as the HTTP API, without the HTTP hop.
import type { AppLoadContext } from "@remix-run/node";
import { createContext } from "../server/trpc/init";
import { createCaller } from "../server/trpc/root";

export function serverCaller(request: Request, context: AppLoadContext, resHeaders = new Headers()) {
  return createCaller(
    createContext({ request, auth: context.auth, requestId: context.requestId, ip: context.ip, resHeaders }),
  );
}
