// One-time tokens sent by e-mail (invites, password resets). Only the sha256 is stored, so a
// leaked database does not hand out working links; 32 random bytes make guessing hopeless.
import { createHash, randomBytes } from "node:crypto";

export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export function newToken(): { token: string; tokenHash: string } {
  const token = randomBytes(32).toString("base64url");
  return { token, tokenHash: hashToken(token) };
}
