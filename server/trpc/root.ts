// One router per domain, joined here.
import { createCallerFactory, router } from "./init";
import { meRouter } from "../routers/me";

export const appRouter = router({
  me: meRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
