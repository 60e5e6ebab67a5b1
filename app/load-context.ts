// What the HTTP server hands every loader and action (server/http/app.ts).
import type { RequestAuth } from "../server/auth/types";

declare module "@remix-run/server-runtime" {
  interface AppLoadContext {
    cspNonce: string;
    requestId: string;
    ip: string;
    auth: RequestAuth | null;
  }
}
declare module "@remix-run/node" {
  interface AppLoadContext {
    cspNonce: string;
    requestId: string;
    ip: string;
    auth: RequestAuth | null;
  }
}

export {};
