// One router per domain, joined here.
import { createCallerFactory, router } from "./init";
import { meRouter } from "../routers/me";
import { dashboardRouter } from "../routers/dashboard";
import { businessRouter } from "../routers/business";
import { auditRouter } from "../routers/audit";
import { platformRouter } from "../routers/platform";
import { authRouter } from "../routers/auth";
import { teamRouter } from "../routers/team";
import { outboxRouter } from "../routers/outbox";
import { schedulingRouter } from "../routers/scheduling";
import { contactsRouter } from "../routers/contacts";
import { invoicesRouter } from "../routers/invoices";
import { knowledgeRouter } from "../routers/knowledge";
import { projectsRouter } from "../routers/projects";
import { callsRouter } from "../routers/calls";
import { telephonyRouter } from "../routers/telephony";
import { workflowsRouter } from "../routers/workflows";
import { testCallsRouter } from "../routers/testCalls";
import { systemRouter } from "../routers/system";
import { campaignsRouter } from "../routers/campaigns";
import { voiceTestRouter } from "../routers/voiceTest";

export const appRouter = router({
  me: meRouter,
  dashboard: dashboardRouter,
  business: businessRouter,
  audit: auditRouter,
  platform: platformRouter,
  auth: authRouter,
  team: teamRouter,
  outbox: outboxRouter,
  scheduling: schedulingRouter,
  contacts: contactsRouter,
  invoices: invoicesRouter,
  knowledge: knowledgeRouter,
  projects: projectsRouter,
  calls: callsRouter,
  telephony: telephonyRouter,
  workflows: workflowsRouter,
  testCalls: testCallsRouter,
  system: systemRouter,
  campaigns: campaignsRouter,
  voiceTest: voiceTestRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
