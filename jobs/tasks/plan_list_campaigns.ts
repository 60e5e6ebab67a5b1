// Cron: plans list call tasks for every active list campaign (server/campaigns/planner.ts).
// Incremental per campaign (watermark); idempotent by CallTask's unique key.
import type { Task } from "graphile-worker";
import { systemDb } from "../../server/db";
import { planAll } from "../../server/campaigns/planner";

const task: Task<"plan_list_campaigns"> = async (_payload, helpers) => {
  const r = await planAll(systemDb(), "list");
  helpers.logger.info(`list campaigns: ${r.campaigns}; tasks created ${r.created}, moved ${r.updated}, withdrawn ${r.withdrawn}`);
};

export default task;
