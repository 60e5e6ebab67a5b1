// Security headers, the per-request CSP nonce, and the Origin check for state-changing requests.
import { randomBytes } from "node:crypto";
import type { NextFunction, Request, Response } from "express";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export function securityHeaders(req: Request, res: Response, next: NextFunction) {
  const nonce = randomBytes(16).toString("base64");
  res.locals.cspNonce = nonce;
  res.setHeader(
    "Content-Security-Policy",
    [
      "default-src 'self'",
      `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'`,
      "style-src 'self' 'unsafe-inline'",
      "img-src 'self' data: blob:",
      "font-src 'self' data:",
      "connect-src 'self' ws: wss:",
      "media-src 'self' blob:",
      "frame-ancestors 'none'",
      "base-uri 'self'",
      "form-action 'self'",
      "object-src 'none'",
    ].join("; "),
  );
  res.setHeader("X-Content-Type-Options", "nosniff");
  res.setHeader("X-Frame-Options", "DENY");
  res.setHeader("Referrer-Policy", "strict-origin-when-cross-origin");
  res.setHeader("Permissions-Policy", "camera=(), geolocation=(), microphone=(self)");
  res.setHeader("Cross-Origin-Opener-Policy", "same-origin");
  if (req.secure) res.setHeader("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
  next();
}

/**
 * Refuses a state-changing request whose Origin (or, lacking one, Referer) is another site.
 * Webhooks come from other sites by design and prove themselves by signature instead.
 */
export function originCheck(req: Request, res: Response, next: NextFunction) {
  if (SAFE_METHODS.has(req.method) || req.path.startsWith("/api/webhooks/")) return next();
  const source = req.get("origin") ?? req.get("referer");
  const fetchSite = req.get("sec-fetch-site");
  if (!source) {
    // Non-browser clients send neither header and carry no ambient cookies; a browser
    // that says the request is cross-site is refused even without an Origin.
    if (fetchSite === "cross-site") return refuse(res);
    return next();
  }
  let host: string;
  try {
    host = new URL(source).host;
  } catch {
    return refuse(res);
  }
  const expected = req.get("x-forwarded-host") ?? req.get("host");
  if (host !== expected) return refuse(res);
  next();
}

function refuse(res: Response) {
  res.status(403).json({ error: "Cross-site request refused (Origin does not match this site)." });
}
