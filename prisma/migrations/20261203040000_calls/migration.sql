-- Calls (issue #4/#5): Call, CallTurn, CallAction, and Lead (captured by the lead-qualification workflow).
-- The conversation state lives in LangGraph's checkpoint tables (schema "langgraph", created by
-- PostgresSaver.setup() at boot: agents/runtime/checkpointer.ts), not here.

-- CreateEnum
CREATE TYPE "CallDirection" AS ENUM ('inbound', 'outbound', 'test');

-- CreateEnum
CREATE TYPE "CallStatus" AS ENUM ('queued', 'ringing', 'in_progress', 'completed', 'no_answer', 'busy', 'failed', 'voicemail');

-- CreateEnum
CREATE TYPE "LeadPriority" AS ENUM ('normal', 'urgent');

-- CreateEnum
CREATE TYPE "LeadStatus" AS ENUM ('new', 'contacted', 'qualified', 'won', 'lost');

-- CreateTable
CREATE TABLE "Call" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "direction" "CallDirection" NOT NULL,
    "status" "CallStatus" NOT NULL DEFAULT 'queued',
    "simulated" BOOLEAN NOT NULL DEFAULT false,
    "workflowId" TEXT,
    "workflowVersionId" TEXT,
    "contactId" TEXT,
    "fromNumber" TEXT NOT NULL DEFAULT '',
    "toNumber" TEXT NOT NULL DEFAULT '',
    "outcome" TEXT,
    "summary" TEXT,
    "sentiment" TEXT,
    "summarySource" TEXT,
    "durationSec" INTEGER,
    "startedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "answeredAt" TIMESTAMPTZ(3),
    "endedAt" TIMESTAMPTZ(3),
    "callTaskId" TEXT,
    "metadata" JSONB NOT NULL DEFAULT '{}',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Call_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CallTurn" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "callId" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "role" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "nodeId" TEXT,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "latencyMs" INTEGER,
    "data" JSONB NOT NULL DEFAULT '{}',

    CONSTRAINT "CallTurn_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CallAction" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "callId" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "type" TEXT NOT NULL,
    "nodeId" TEXT,
    "ok" BOOLEAN NOT NULL,
    "input" JSONB NOT NULL,
    "result" JSONB NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CallAction_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Lead" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "contactId" TEXT,
    "callId" TEXT,
    "answers" JSONB NOT NULL DEFAULT '{}',
    "score" INTEGER NOT NULL DEFAULT 0,
    "priority" "LeadPriority" NOT NULL DEFAULT 'normal',
    "status" "LeadStatus" NOT NULL DEFAULT 'new',
    "summary" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Lead_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Call_callTaskId_key" ON "Call"("callTaskId");

-- CreateIndex
CREATE INDEX "Call_tenantId_startedAt_idx" ON "Call"("tenantId", "startedAt");

-- CreateIndex
CREATE INDEX "Call_contactId_startedAt_idx" ON "Call"("contactId", "startedAt");

-- CreateIndex
CREATE INDEX "Call_workflowVersionId_idx" ON "Call"("workflowVersionId");

-- CreateIndex
CREATE INDEX "CallTurn_tenantId_idx" ON "CallTurn"("tenantId");

-- CreateIndex
CREATE UNIQUE INDEX "CallTurn_callId_seq_key" ON "CallTurn"("callId", "seq");

-- CreateIndex
CREATE INDEX "CallAction_tenantId_type_at_idx" ON "CallAction"("tenantId", "type", "at");

-- CreateIndex
CREATE UNIQUE INDEX "CallAction_callId_seq_key" ON "CallAction"("callId", "seq");

-- CreateIndex
CREATE INDEX "Lead_tenantId_status_createdAt_idx" ON "Lead"("tenantId", "status", "createdAt");

-- CreateIndex
CREATE INDEX "Lead_contactId_idx" ON "Lead"("contactId");

-- CreateIndex
CREATE INDEX "Lead_callId_idx" ON "Lead"("callId");

-- AddForeignKey
ALTER TABLE "Call" ADD CONSTRAINT "Call_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Call" ADD CONSTRAINT "Call_contactId_fkey" FOREIGN KEY ("contactId") REFERENCES "Contact"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CallTurn" ADD CONSTRAINT "CallTurn_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CallTurn" ADD CONSTRAINT "CallTurn_callId_fkey" FOREIGN KEY ("callId") REFERENCES "Call"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CallAction" ADD CONSTRAINT "CallAction_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CallAction" ADD CONSTRAINT "CallAction_callId_fkey" FOREIGN KEY ("callId") REFERENCES "Call"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Lead" ADD CONSTRAINT "Lead_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Lead" ADD CONSTRAINT "Lead_contactId_fkey" FOREIGN KEY ("contactId") REFERENCES "Contact"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Lead" ADD CONSTRAINT "Lead_callId_fkey" FOREIGN KEY ("callId") REFERENCES "Call"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- Row-level security: calls and leads are the business's own.
GRANT SELECT, INSERT, UPDATE, DELETE ON "Call" TO switchboard_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON "CallTurn" TO switchboard_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON "CallAction" TO switchboard_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON "Lead" TO switchboard_app;

ALTER TABLE "Call" ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "Call" USING ("tenantId" = app_tenant_id()) WITH CHECK ("tenantId" = app_tenant_id());

ALTER TABLE "CallTurn" ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "CallTurn" USING ("tenantId" = app_tenant_id()) WITH CHECK ("tenantId" = app_tenant_id());

ALTER TABLE "CallAction" ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "CallAction" USING ("tenantId" = app_tenant_id()) WITH CHECK ("tenantId" = app_tenant_id());

ALTER TABLE "Lead" ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "Lead" USING ("tenantId" = app_tenant_id()) WITH CHECK ("tenantId" = app_tenant_id());
