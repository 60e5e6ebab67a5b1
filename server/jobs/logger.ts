// graphile-worker's logger, routed into pino so job lines share the app's format and level.
// Its "info" lines (one per completed job, worker start/stop chatter) go to debug: a healthy
// worker stays quiet, warnings and failures still show.
import { Logger } from "graphile-worker";
import { logger } from "../logger";

export const jobsLogger = new Logger((scope) => {
  const log = logger.child({
    jobs: scope.label,
    ...(scope.taskIdentifier ? { task: scope.taskIdentifier } : {}),
    ...(scope.jobId ? { jobId: scope.jobId } : {}),
  });
  return (level, message, meta) => {
    const fields = meta ?? {};
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
