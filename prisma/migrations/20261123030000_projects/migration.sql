-- Projects (issue #3) and the Appointment -> Contact foreign key.

-- CreateEnum
CREATE TYPE "ProjectStatus" AS ENUM ('planning', 'in_progress', 'on_hold', 'review', 'completed', 'cancelled');

-- CreateEnum
CREATE TYPE "ProjectSource" AS ENUM ('manual', 'asana', 'jira', 'monday');

-- CreateTable
CREATE TABLE "Project" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "contactId" TEXT,
    "company" TEXT NOT NULL DEFAULT '',
    "name" TEXT NOT NULL,
    "status" "ProjectStatus" NOT NULL DEFAULT 'planning',
    "updateSummary" TEXT NOT NULL DEFAULT '',
    "updatedSummaryAt" TIMESTAMPTZ(3),
    "dueDate" DATE,
    "ownerId" TEXT,
    "source" "ProjectSource" NOT NULL DEFAULT 'manual',
    "externalId" TEXT,
    "lastSyncedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Project_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Project_tenantId_source_externalId_key" ON "Project"("tenantId", "source", "externalId");

-- CreateIndex
CREATE INDEX "Project_tenantId_status_updatedAt_idx" ON "Project"("tenantId", "status", "updatedAt");

-- CreateIndex
CREATE INDEX "Project_contactId_idx" ON "Project"("contactId");

-- Search by name or company is ILIKE %q% (Prisma contains, insensitive): trigram indexes serve it.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX "Project_name_trgm_idx" ON "Project" USING gin ("name" gin_trgm_ops);
CREATE INDEX "Project_company_trgm_idx" ON "Project" USING gin ("company" gin_trgm_ops);

-- AddForeignKey
ALTER TABLE "Project" ADD CONSTRAINT "Project_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Project" ADD CONSTRAINT "Project_contactId_fkey" FOREIGN KEY ("contactId") REFERENCES "Contact"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Project" ADD CONSTRAINT "Project_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- Appointment.contactId had no foreign key until now: ids that point nowhere (a deleted contact,
-- a sync's stray id) are cleared first, or the constraint could not be added.
UPDATE "Appointment" a SET "contactId" = NULL
WHERE a."contactId" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "Contact" c WHERE c.id = a."contactId");

-- AddForeignKey
ALTER TABLE "Appointment" ADD CONSTRAINT "Appointment_contactId_fkey" FOREIGN KEY ("contactId") REFERENCES "Contact"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- Row-level security: projects are the business's own.
GRANT SELECT, INSERT, UPDATE, DELETE ON "Project" TO switchboard_app;

ALTER TABLE "Project" ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "Project" USING ("tenantId" = app_tenant_id()) WITH CHECK ("tenantId" = app_tenant_id());
