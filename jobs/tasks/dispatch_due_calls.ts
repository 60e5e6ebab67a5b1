// Cron, every minute: recovers interrupted dispatches and queues a dispatch_call job per due task.
import type { Task } from "graphile-worker";
import { systemDb } from "../../server/db";
import { dueTasks } from "../../server/campaigns/dispatch";
import { dispatchJobKey } from "./dispatch_call";

const dispatchDueCalls: Task<"dispatch_due_calls"> = async (_payload, helpers) => {
  const due = await dueTasks(systemDb());
  for (const t of due) {
    await helpers.addJob("dispatch_call", { tenantId: t.tenantId, taskId: t.id }, { jobKey: dispatchJobKey(t.id), jobKeyMode: "preserve_run_at", maxAttempts: 5 });
  }
  if (due.length > 0) helpers.logger.info(`queued ${due.length} call dispatches`);
};

export default dispatchDueCalls;
