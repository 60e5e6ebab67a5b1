// Structured logs (pino). Child loggers carry request id / call id / tenant id.
import pino from "pino";
import { env } from "./env";

export const logger = pino({
  level: process.env.VITEST ? "silent" : env().LOG_LEVEL,
  base: undefined,
  redact: {
    paths: ["password", "*.password", "passwordHash", "*.passwordHash", "token", "*.token", "headers.cookie", "*.headers.cookie", "headers.authorization"],
    censor: "[redacted]",
  },
});

export type Logger = typeof logger;
