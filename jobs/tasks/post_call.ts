// Post-call work for one real call (summary, outcome, minutes, e-mails, urgent on-call call):
// server/post-call/post-call.ts. Job key "post_call:<callId>" (server/post-call/enqueue.ts);
// idempotent, so retries and a second enqueue never e-mail or dial twice.
import type { Task } from "graphile-worker";
import { z } from "zod";
import { systemDb } from "../../server/db";
import { runPostCall } from "../../server/post-call/post-call";
import { tenantMayRun } from "../tenant-guard";

const payload = z.object({ tenantId: z.string().min(1), callId: z.string().min(1) });

const postCall: Task<"post_call"> = async (raw, helpers) => {
  const { tenantId, callId } = payload.parse(raw);
  if (!(await tenantMayRun(systemDb(), tenantId, helpers))) return;
  const result = await runPostCall({ tenantId, callId });
  helpers.logger.info(
    `call ${callId}: post-call ${result.kind}${result.kind === "skipped" ? ` (${result.reason})` : ` (${result.marker.summarySource}, ${result.marker.emailIds.length} e-mails${result.marker.urgent ? ", urgent" : ""})`}`,
  );
};

export default postCall;
