// graphile-worker's logger, routed into pino so job lines share the app's format and level.
// Its "info" lines (one per completed job, worker start/stop chatter) go to debug: a healthy
// worker stays quiet, warnings and failures still show.
import { Logger } from "graphile-worker";
import { logger } from "../logger";

const DATABASE_SHUTDOWN = /terminating connection due to administrator command|57P01|Connection terminated/;

export const jobsLogger = new Logger((scope) => {
  const log = logger.child({
    jobs: scope.label,
    ...(scope.taskIdentifier ? { task: scope.taskIdentifier } : {}),
    ...(scope.jobId ? { jobId: scope.jobId } : {}),
  });
  return (level, message, meta) => {
    const fields = meta ?? {};
    // Ctrl-C reaches the embedded PostgreSQL (same process group) as fast as it reaches us, so the
    // worker's connections are cut while it stops: expected, not an error worth a red line.
    if (level === "error" && DATABASE_SHUTDOWN.test(message)) {
      log.debug(fields, message);
      return;
    }
    switch (level as string) {
      case "error":
        log.error(fields, message);
        break;
      case "warning":
        log.warn(fields, message);
        break;
      default:
        log.debug(fields, message);
    }
  };
});
