// Expected failures of the account services, with a message a person can act on. Routers turn
// them into tRPC errors with the same code; `field` lets a form show the message inline.
export type AuthErrorCode = "BAD_REQUEST" | "UNAUTHORIZED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "TOO_MANY_REQUESTS";

export class AuthError extends Error {
  constructor(
    readonly code: AuthErrorCode,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = "AuthError";
  }
}
