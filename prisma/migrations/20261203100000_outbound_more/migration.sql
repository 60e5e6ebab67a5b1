-- Issue #6 (outbound): the incremental reminder planner (server/campaigns/planner.ts) selects
-- appointments with "updatedAt" > the campaign's watermark; without this index every pass reads
-- all of the business's appointments (EXPLAIN at 100,000 appointments, 100 changed: parallel seq
-- scan 13 ms -> index scan 0.5 ms). No new table, so no RLS change.

-- CreateIndex
CREATE INDEX "Appointment_tenantId_updatedAt_idx" ON "Appointment"("tenantId", "updatedAt");
