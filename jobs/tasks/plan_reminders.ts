// Cron: plans reminder call tasks for every active reminder campaign (server/campaigns/planner.ts).
// Incremental per campaign (watermark); idempotent by CallTask's unique key.
import type { Task } from "graphile-worker";
import { systemDb } from "../../server/db";
import { planAll } from "../../server/campaigns/planner";

const task: Task<"plan_reminders"> = async (_payload, helpers) => {
  const r = await planAll(systemDb(), "reminder");
  helpers.logger.info(`reminder campaigns: ${r.campaigns}; tasks created ${r.created}, moved ${r.updated}, withdrawn ${r.withdrawn}`);
};

export default task;
