// Workflow templates shipped as data: each folder holds spec.json (a WorkflowSpec), scenarios.json
// (WorkflowScenario[] that must pass) and meta.json (key, name, direction, industry). Static JSON
// imports so the editor (browser) and the server read the same files.
import { workflowScenario, workflowSpec, type WorkflowScenario, type WorkflowSpec } from "../graphs/spec";
import receptionistSpec from "./receptionist/spec.json";
import receptionistScenarios from "./receptionist/scenarios.json";
import receptionistMeta from "./receptionist/meta.json";
import leadQualificationSpec from "./lead-qualification/spec.json";
import leadQualificationScenarios from "./lead-qualification/scenarios.json";
import leadQualificationMeta from "./lead-qualification/meta.json";
import appointmentReminderSpec from "./appointment-reminder/spec.json";
import appointmentReminderScenarios from "./appointment-reminder/scenarios.json";
import appointmentReminderMeta from "./appointment-reminder/meta.json";
import paymentCollectionsSpec from "./payment-collections/spec.json";
import paymentCollectionsScenarios from "./payment-collections/scenarios.json";
import paymentCollectionsMeta from "./payment-collections/meta.json";
import schedulingSpec from "./scheduling/spec.json";
import schedulingScenarios from "./scheduling/scenarios.json";
import schedulingMeta from "./scheduling/meta.json";
import receptionistMedicalSpec from "./receptionist-medical/spec.json";
import receptionistMedicalScenarios from "./receptionist-medical/scenarios.json";
import receptionistMedicalMeta from "./receptionist-medical/meta.json";
import receptionistLegalSpec from "./receptionist-legal/spec.json";
import receptionistLegalScenarios from "./receptionist-legal/scenarios.json";
import receptionistLegalMeta from "./receptionist-legal/meta.json";
import receptionistHomeServicesSpec from "./receptionist-home-services/spec.json";
import receptionistHomeServicesScenarios from "./receptionist-home-services/scenarios.json";
import receptionistHomeServicesMeta from "./receptionist-home-services/meta.json";
import receptionistCreativeAgencySpec from "./receptionist-creative-agency/spec.json";
import receptionistCreativeAgencyScenarios from "./receptionist-creative-agency/scenarios.json";
import receptionistCreativeAgencyMeta from "./receptionist-creative-agency/meta.json";

export interface TemplateInfo {
  key: string;
  name: string;
  description: string;
  direction: "inbound" | "outbound";
  industry?: string;
}

const RAW: { meta: unknown; spec: unknown; scenarios: unknown[] }[] = [
  { meta: receptionistMeta, spec: receptionistSpec, scenarios: receptionistScenarios },
  { meta: leadQualificationMeta, spec: leadQualificationSpec, scenarios: leadQualificationScenarios },
  { meta: appointmentReminderMeta, spec: appointmentReminderSpec, scenarios: appointmentReminderScenarios },
  { meta: paymentCollectionsMeta, spec: paymentCollectionsSpec, scenarios: paymentCollectionsScenarios },
  { meta: schedulingMeta, spec: schedulingSpec, scenarios: schedulingScenarios },
  { meta: receptionistMedicalMeta, spec: receptionistMedicalSpec, scenarios: receptionistMedicalScenarios },
  { meta: receptionistLegalMeta, spec: receptionistLegalSpec, scenarios: receptionistLegalScenarios },
  { meta: receptionistHomeServicesMeta, spec: receptionistHomeServicesSpec, scenarios: receptionistHomeServicesScenarios },
  { meta: receptionistCreativeAgencyMeta, spec: receptionistCreativeAgencySpec, scenarios: receptionistCreativeAgencyScenarios },
];

function info(meta: unknown): TemplateInfo {
  const m = meta as TemplateInfo;
  return { key: m.key, name: m.name, description: m.description, direction: m.direction, ...(m.industry ? { industry: m.industry } : {}) };
}

/** Every template, in the order the "New workflow" picker shows them. */
export function listTemplates(): TemplateInfo[] {
  return RAW.map((t) => info(t.meta));
}

/** A template's spec (defaults applied) and scenarios, fresh copies each call; null for an unknown key. */
export function getTemplate(key: string): { spec: WorkflowSpec; scenarios: WorkflowScenario[] } | null {
  const t = RAW.find((r) => info(r.meta).key === key);
  if (!t) return null;
  return {
    spec: workflowSpec.parse(structuredClone(t.spec)),
    scenarios: t.scenarios.map((s) => workflowScenario.parse(structuredClone(s))),
  };
}

/** The raw JSON of a template's spec, as shipped (for tests that validate the file itself). */
export function rawTemplateSpec(key: string): unknown {
  const t = RAW.find((r) => info(r.meta).key === key);
  return t ? structuredClone(t.spec) : null;
}
