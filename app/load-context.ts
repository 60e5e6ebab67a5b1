// What the HTTP server hands every loader and action (server/http/app.ts).
export interface AppLoadContext {
  cspNonce: string;
  requestId: string;
  ip: string;
  auth: import("../server/auth/types").RequestAuth | null;
}

declare module "@remix-run/node" {
  // eslint-disable-next-line @typescript-eslint/no-empty-interface
  interface AppLoadContext extends import("./load-context").AppLoadContext {}
}
