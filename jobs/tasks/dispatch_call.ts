// One call task: guard -> Call -> placement (server/campaigns/dispatch.ts). Job key
// "dispatch:<taskId>", so a task has at most one waiting job; retries are safe (never dials twice).
import type { Task } from "graphile-worker";
import { z } from "zod";
import { systemDb, systemPool } from "../../server/db";
import { dispatchTask } from "../../server/campaigns/dispatch";
import { isTelephonyConfigured, placeCall } from "../../server/telephony/placement";
import { tenantMayRun } from "../tenant-guard";

const payload = z.object({ tenantId: z.string().min(1), taskId: z.string().min(1) });

export function dispatchJobKey(taskId: string) {
  return `dispatch:${taskId}`;
}

const dispatchCall: Task<"dispatch_call"> = async (raw, helpers) => {
  const { tenantId, taskId } = payload.parse(raw);
  if (!(await tenantMayRun(systemDb(), tenantId, helpers))) return;
  const result = await dispatchTask({ db: systemDb(), ownerPool: systemPool(), tenantId, placement: { isTelephonyConfigured, placeCall } }, taskId);
  helpers.logger.info(`task ${taskId}: ${result.kind}${"reason" in result ? ` (${result.reason})` : ""}`);
};

export default dispatchCall;
