// The demo business's phone workflow: the receptionist template (the medical variant for a
// dental practice when it exists), published and set to answer inbound calls. Idempotent: a
// business that already has a workflow from one of these templates is left alone.
import type { Tx } from "../db";
import { logger } from "../logger";
import { createFromTemplate, publishDraftWithoutTests, WorkflowError } from "../workflows/workflows";
import { setInbound } from "../workflows/inbound";
import * as collaborators from "../workflows/collaborators";

const PREFERRED_TEMPLATES = ["receptionist-medical", "receptionist"];

export async function seedDemoWorkflows(scope: { db: Tx; tenantId: string }): Promise<{ workflowId: string; version: number } | null> {
  const ctx = { db: scope.db, tenantId: scope.tenantId, actorId: null };
  const existing = await scope.db.workflow.findFirst({
    where: { tenantId: scope.tenantId, templateKey: { in: PREFERRED_TEMPLATES } },
    select: { id: true },
  });
  if (existing) return null;
  let templateKey: string | null = null;
  try {
    for (const key of PREFERRED_TEMPLATES) {
      if (await collaborators.getTemplate(key)) {
        templateKey = key;
        break;
      }
    }
  } catch (error) {
    // The demo must start even when the template library cannot load; the owner can create
    // the workflow from the Workflows page later.
    logger.warn({ error: (error as Error).message }, "demo seed: workflow templates unavailable, no demo workflow");
    return null;
  }
  if (!templateKey) {
    logger.warn({ tried: PREFERRED_TEMPLATES }, "demo seed: no receptionist template, no demo workflow");
    return null;
  }
  const workflow = await createFromTemplate(ctx, { templateKey, name: "Front desk" });
  // Seeding does not run the scenario tests (each is a whole simulated call); the template's own
  // tests cover the same spec, and "Run tests" in the editor runs them on demand.
  let version;
  try {
    version = await publishDraftWithoutTests(ctx, workflow.id, "Published by the demo seed from the template");
  } catch (error) {
    if (!(error instanceof WorkflowError)) throw error;
    // A template the validator refuses stays a draft: the editor shows why.
    logger.warn({ templateKey, error: error.message }, "demo seed: template draft not publishable, left as a draft");
    return null;
  }
  await setInbound(ctx, { workflowId: workflow.id });
  return { workflowId: workflow.id, version: version.version };
}
