// Accounts: sign up, sign in/out, password reset, invites, switching business. Thin: validate,
// call the services in server/auth, set cookies through ctx.resHeaders.
import { z } from "zod";
import { authedProcedure, publicProcedure, router, type TrpcContext } from "../trpc/init";
import { passwordProblem } from "../auth/password";
import { signIn, signOut, signUp, switchBusiness } from "../auth/sign-in";
import { requestPasswordReset, resetPassword, resetTokenState } from "../auth/password-reset";
import { acceptInvite, describeInvite } from "../auth/invites";
import { blankSessionCookie, endSession } from "../auth/session";
import { authErrors } from "./auth-errors";

const email = z.string().trim().toLowerCase().email("Enter a valid e-mail address.").max(254);
const name = z.string().trim().min(1, "Enter your name.").max(100);
const token = z.string().min(10).max(200);

/** Adds the password rules of server/auth/password.ts as a field error on `password`. */
function checkPassword(value: { password?: string; email?: string; name?: string }, ctx: z.RefinementCtx) {
  if (value.password === undefined) return;
  const problem = passwordProblem(value.password, { email: value.email, name: value.name });
  if (problem) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["password"], message: problem });
}

function origin(ctx: TrpcContext) {
  return { ip: ctx.ip, userAgent: ctx.request.headers.get("user-agent") };
}

const pub = publicProcedure.use(authErrors);
const authed = authedProcedure.use(authErrors);

export const authRouter = router({
  login: pub
    .input(z.object({ email, password: z.string().min(1, "Enter your password.").max(256) }))
    .mutation(async ({ ctx, input }) => {
      const signedIn = await signIn(input, origin(ctx));
      // Signing in again while signed in replaces the old session rather than leaving it alive.
      if (ctx.auth) await endSession(ctx.auth.sessionId);
      ctx.resHeaders.append("Set-Cookie", signedIn.setCookie);
      return { home: signedIn.home };
    }),

  signup: pub
    .input(
      z
        .object({
          businessName: z.string().trim().min(2, "Enter your business name.").max(100),
          name,
          email,
          password: z.string(),
        })
        .superRefine(checkPassword),
    )
    .mutation(async ({ ctx, input }) => {
      const signedIn = await signUp(input, origin(ctx));
      if (ctx.auth) await endSession(ctx.auth.sessionId);
      ctx.resHeaders.append("Set-Cookie", signedIn.setCookie);
      return { home: signedIn.home };
    }),

  /** Public so that a stale cookie is cleared even when its session is already gone. */
  logout: pub.mutation(async ({ ctx }) => {
    if (ctx.auth) {
      await signOut(
        { sessionId: ctx.auth.sessionId, userId: ctx.auth.user.id, tenantId: ctx.auth.membership?.tenantId ?? null },
        origin(ctx),
        false,
      );
    }
    ctx.resHeaders.append("Set-Cookie", blankSessionCookie());
  }),

  logoutEverywhere: authed.mutation(async ({ ctx }) => {
    await signOut(
      { sessionId: ctx.auth.sessionId, userId: ctx.user.id, tenantId: ctx.auth.membership?.tenantId ?? null },
      origin(ctx),
      true,
    );
    ctx.resHeaders.append("Set-Cookie", blankSessionCookie());
  }),

  /** Always succeeds: the answer must not reveal whether the e-mail has an account. */
  requestPasswordReset: pub.input(z.object({ email })).mutation(async ({ ctx, input }) => {
    await requestPasswordReset(input.email, origin(ctx));
  }),

  resetTokenState: pub.input(z.object({ token })).query(({ input }) => resetTokenState(input.token)),

  resetPassword: pub
    .input(z.object({ token, password: z.string() }).superRefine(checkPassword))
    .mutation(async ({ ctx, input }) => {
      const signedIn = await resetPassword(input.token, input.password, origin(ctx));
      ctx.resHeaders.append("Set-Cookie", signedIn.setCookie);
      return { home: signedIn.home };
    }),

  getInvite: pub.input(z.object({ token })).query(async ({ ctx, input }) => {
    const invite = await describeInvite(input.token);
    return { invite, signedInAs: ctx.auth?.user.email ?? null };
  }),

  acceptInvite: pub
    .input(
      z
        .object({ token, name: name.optional(), password: z.string().optional() })
        .superRefine(checkPassword),
    )
    .mutation(async ({ ctx, input }) => {
      const auth = ctx.auth ? { sessionId: ctx.auth.sessionId, user: ctx.auth.user } : null;
      const signedIn = await acceptInvite(input, auth, origin(ctx));
      ctx.resHeaders.append("Set-Cookie", signedIn.setCookie);
      return { home: signedIn.home };
    }),

  switchBusiness: authed.input(z.object({ tenantId: z.string().min(1) })).mutation(async ({ ctx, input }) => {
    const { setCookie } = await switchBusiness(ctx.auth, input.tenantId, origin(ctx));
    ctx.resHeaders.append("Set-Cookie", setCookie);
  }),
});
