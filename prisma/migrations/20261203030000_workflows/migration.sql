-- Workflows (issue #4): drafts, immutable published versions, scenario tests, and which workflow
-- answers inbound calls.

-- CreateEnum
CREATE TYPE "WorkflowDirection" AS ENUM ('inbound', 'outbound');

-- CreateTable
CREATE TABLE "Workflow" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "direction" "WorkflowDirection" NOT NULL,
    "templateKey" TEXT,
    "draft" JSONB NOT NULL,
    "draftUpdatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "currentVersionId" TEXT,
    "archivedAt" TIMESTAMPTZ(3),
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Workflow_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "WorkflowVersion" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "workflowId" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "spec" JSONB NOT NULL,
    "publishedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "publishedById" TEXT,
    "testsRun" INTEGER NOT NULL DEFAULT 0,
    "testsPassed" BOOLEAN NOT NULL DEFAULT false,
    "testOverride" TEXT,
    "notes" TEXT NOT NULL DEFAULT '',
    "restoredFrom" INTEGER,

    CONSTRAINT "WorkflowVersion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "WorkflowScenario" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "workflowId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "scenario" JSONB NOT NULL,
    "lastResult" JSONB,
    "lastRunAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "WorkflowScenario_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "WorkflowSettings" (
    "tenantId" TEXT NOT NULL,
    "inboundWorkflowId" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "WorkflowSettings_pkey" PRIMARY KEY ("tenantId")
);

-- CreateIndex
CREATE UNIQUE INDEX "Workflow_currentVersionId_key" ON "Workflow"("currentVersionId");

-- CreateIndex
CREATE INDEX "Workflow_tenantId_archivedAt_idx" ON "Workflow"("tenantId", "archivedAt");

-- CreateIndex
CREATE INDEX "WorkflowVersion_tenantId_idx" ON "WorkflowVersion"("tenantId");

-- CreateIndex
CREATE UNIQUE INDEX "WorkflowVersion_workflowId_version_key" ON "WorkflowVersion"("workflowId", "version");

-- CreateIndex
CREATE INDEX "WorkflowScenario_tenantId_idx" ON "WorkflowScenario"("tenantId");

-- CreateIndex
CREATE UNIQUE INDEX "WorkflowScenario_workflowId_name_key" ON "WorkflowScenario"("workflowId", "name");

-- CreateIndex
CREATE INDEX "WorkflowSettings_inboundWorkflowId_idx" ON "WorkflowSettings"("inboundWorkflowId");

-- AddForeignKey
ALTER TABLE "Workflow" ADD CONSTRAINT "Workflow_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Workflow" ADD CONSTRAINT "Workflow_currentVersionId_fkey" FOREIGN KEY ("currentVersionId") REFERENCES "WorkflowVersion"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "WorkflowVersion" ADD CONSTRAINT "WorkflowVersion_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "WorkflowVersion" ADD CONSTRAINT "WorkflowVersion_workflowId_fkey" FOREIGN KEY ("workflowId") REFERENCES "Workflow"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "WorkflowScenario" ADD CONSTRAINT "WorkflowScenario_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "WorkflowScenario" ADD CONSTRAINT "WorkflowScenario_workflowId_fkey" FOREIGN KEY ("workflowId") REFERENCES "Workflow"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "WorkflowSettings" ADD CONSTRAINT "WorkflowSettings_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "WorkflowSettings" ADD CONSTRAINT "WorkflowSettings_inboundWorkflowId_fkey" FOREIGN KEY ("inboundWorkflowId") REFERENCES "Workflow"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- Row-level security: workflows are the business's own.
GRANT SELECT, INSERT, UPDATE, DELETE ON "Workflow", "WorkflowScenario", "WorkflowSettings" TO switchboard_app;
-- Published versions are immutable: the app may add and read them, never change or remove one
-- (a call records the exact version it ran; rollback publishes a copy as a new version).
GRANT SELECT, INSERT ON "WorkflowVersion" TO switchboard_app;

ALTER TABLE "Workflow" ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "Workflow" USING ("tenantId" = app_tenant_id()) WITH CHECK ("tenantId" = app_tenant_id());

ALTER TABLE "WorkflowVersion" ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "WorkflowVersion" USING ("tenantId" = app_tenant_id()) WITH CHECK ("tenantId" = app_tenant_id());

ALTER TABLE "WorkflowScenario" ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "WorkflowScenario" USING ("tenantId" = app_tenant_id()) WITH CHECK ("tenantId" = app_tenant_id());

ALTER TABLE "WorkflowSettings" ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "WorkflowSettings" USING ("tenantId" = app_tenant_id()) WITH CHECK ("tenantId" = app_tenant_id());
