// The web process's HTTP stack: security headers, Origin check, static assets, health checks,
// authentication at the edge, then Remix (pages, resource routes, /api/trpc).
import { randomUUID } from "node:crypto";
import { join } from "node:path";
import express from "express";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import { authenticateCookie } from "../auth/session";
import { env } from "../env";
import { logger } from "../logger";
import { healthRoutes, type WorkerStatus } from "./health";
import { originCheck, securityHeaders } from "./security";

export interface HttpAppOptions {
  build: ServerBuild | (() => Promise<ServerBuild>);
  root: string;
  assetsDir: string;
  worker: WorkerStatus;
}

export function createHttpApp(opts: HttpAppOptions) {
  const app = express();
  app.disable("x-powered-by");
  const trust = env().TRUST_PROXY;
  app.set("trust proxy", /^\d+$/.test(trust) ? Number(trust) : trust === "true" ? true : trust === "false" ? false : trust);

  app.use((req, res, next) => {
    // A proxy's request id is kept so logs line up across hops, but only in a safe shape:
    // it is echoed into headers and logs.
    const incoming = req.get("x-request-id");
    res.locals.requestId = incoming && /^[A-Za-z0-9._:-]{8,128}$/.test(incoming) ? incoming : randomUUID();
    res.setHeader("X-Request-Id", res.locals.requestId);
    next();
  });
  app.use(healthRoutes(opts.worker));
  app.use(securityHeaders);
  app.use(
    "/build",
    express.static(opts.assetsDir, { immutable: true, maxAge: "1y" }),
  );
  app.use(express.static(join(opts.root, "public"), { maxAge: "1h" }));
  app.use(originCheck);

  app.use(async (req, res, next) => {
    try {
      const { auth, setCookie } = await authenticateCookie(req.headers.cookie);
      res.locals.auth = auth;
      if (setCookie) res.append("Set-Cookie", setCookie);
      next();
    } catch (err) {
      next(err);
    }
  });

  app.all(
    "*",
    createRequestHandler({
      build: opts.build,
      mode: process.env.NODE_ENV,
      getLoadContext: (req, res) => ({
        cspNonce: res.locals.cspNonce as string,
        requestId: res.locals.requestId as string,
        ip: req.ip ?? "unknown",
        auth: res.locals.auth ?? null,
      }),
    }),
  );

  app.use((err: unknown, req: express.Request, res: express.Response, _next: express.NextFunction) => {
    logger.error({ err, requestId: res.locals.requestId, path: req.path }, "request failed");
    if (!res.headersSent) res.status(500).json({ error: "Internal error", requestId: res.locals.requestId });
  });
  return app;
}
