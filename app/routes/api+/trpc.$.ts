// tRPC over HTTP at /api/trpc (fetch adapter).
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { appRouter } from "../../../server/trpc/root";
import { createContext } from "../../../server/trpc/init";
import { logger } from "../../../server/logger";

function handle({ request, context }: LoaderFunctionArgs | ActionFunctionArgs) {
  return fetchRequestHandler({
    endpoint: "/api/trpc",
    req: request,
    router: appRouter,
    createContext: ({ resHeaders }) =>
      createContext({ request, auth: context.auth, requestId: context.requestId, ip: context.ip, resHeaders }),
    onError({ error, path }) {
      if (error.code === "INTERNAL_SERVER_ERROR") {
        logger.error({ err: error.cause ?? error, path, requestId: context.requestId }, "trpc procedure failed");
      }
    },
  });
}

export const loader = handle;
export const action = handle;
