import { authedProcedure, router } from "../trpc/init";

export const meRouter = router({
  /** Who is signed in and where. */
  get: authedProcedure.query(({ ctx }) => ({
    user: ctx.user,
    membership: ctx.auth.membership,
  })),
});
