-- CreateTable
CREATE TABLE "InvoiceImport" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "createdById" TEXT,
    "fileName" TEXT NOT NULL,
    "storagePath" TEXT,
    "mapping" JSONB NOT NULL DEFAULT '{}',
    "options" JSONB NOT NULL DEFAULT '{}',
    "status" "ContactImportStatus" NOT NULL DEFAULT 'pending',
    "processedRows" INTEGER NOT NULL DEFAULT 0,
    "created" INTEGER NOT NULL DEFAULT 0,
    "updated" INTEGER NOT NULL DEFAULT 0,
    "skipped" INTEGER NOT NULL DEFAULT 0,
    "rejectedCount" INTEGER NOT NULL DEFAULT 0,
    "rejections" JSONB NOT NULL DEFAULT '[]',
    "error" TEXT,
    "startedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "InvoiceImport_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "InvoiceImport_tenantId_createdAt_idx" ON "InvoiceImport"("tenantId", "createdAt");

-- AddForeignKey
ALTER TABLE "InvoiceImport" ADD CONSTRAINT "InvoiceImport_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Row-level security: the business's own.
GRANT SELECT, INSERT, UPDATE, DELETE ON "InvoiceImport" TO switchboard_app;
ALTER TABLE "InvoiceImport" ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "InvoiceImport" USING ("tenantId" = app_tenant_id()) WITH CHECK ("tenantId" = app_tenant_id());
