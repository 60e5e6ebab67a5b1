-- CreateEnum
CREATE TYPE "StaffKind" AS ENUM ('person', 'room');

-- CreateEnum
CREATE TYPE "AppointmentStatus" AS ENUM ('scheduled', 'confirmed', 'rescheduled', 'cancelled', 'completed', 'no_show');

-- CreateEnum
CREATE TYPE "AppointmentSource" AS ENUM ('manual', 'phone', 'calcom', 'calendly', 'google');

-- CreateEnum
CREATE TYPE "ReminderState" AS ENUM ('pending', 'sent', 'skipped', 'failed');

-- CreateTable
CREATE TABLE "StaffMember" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" "StaffKind" NOT NULL DEFAULT 'person',
    "email" TEXT,
    "phone" TEXT,
    "color" TEXT,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "StaffMember_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Service" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "durationMinutes" INTEGER NOT NULL,
    "bufferBeforeMinutes" INTEGER NOT NULL DEFAULT 0,
    "bufferAfterMinutes" INTEGER NOT NULL DEFAULT 0,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Service_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "StaffService" (
    "tenantId" TEXT NOT NULL,
    "staffId" TEXT NOT NULL,
    "serviceId" TEXT NOT NULL,

    CONSTRAINT "StaffService_pkey" PRIMARY KEY ("staffId","serviceId")
);

-- CreateTable
CREATE TABLE "WorkingHours" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "staffId" TEXT NOT NULL,
    "weekday" INTEGER NOT NULL,
    "startMinute" INTEGER NOT NULL,
    "endMinute" INTEGER NOT NULL,
    "breaks" JSONB NOT NULL DEFAULT '[]',

    CONSTRAINT "WorkingHours_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Closure" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "staffId" TEXT,
    "startsAt" TIMESTAMPTZ(3) NOT NULL,
    "endsAt" TIMESTAMPTZ(3) NOT NULL,
    "reason" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Closure_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SchedulingSettings" (
    "tenantId" TEXT NOT NULL,
    "minNoticeMinutes" INTEGER NOT NULL DEFAULT 120,
    "horizonDays" INTEGER NOT NULL DEFAULT 60,
    "slotStepMinutes" INTEGER NOT NULL DEFAULT 15,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SchedulingSettings_pkey" PRIMARY KEY ("tenantId")
);

-- CreateTable
CREATE TABLE "Appointment" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "contactId" TEXT,
    "staffId" TEXT NOT NULL,
    "serviceId" TEXT NOT NULL,
    "startsAt" TIMESTAMPTZ(3) NOT NULL,
    "endsAt" TIMESTAMPTZ(3) NOT NULL,
    "blockedStart" TIMESTAMPTZ(3) NOT NULL,
    "blockedEnd" TIMESTAMPTZ(3) NOT NULL,
    "status" "AppointmentStatus" NOT NULL DEFAULT 'scheduled',
    "source" "AppointmentSource" NOT NULL DEFAULT 'manual',
    "notes" TEXT NOT NULL DEFAULT '',
    "externalId" TEXT,
    "reminderState" "ReminderState" NOT NULL DEFAULT 'pending',
    "reminderSentAt" TIMESTAMPTZ(3),
    "cancelledAt" TIMESTAMPTZ(3),
    "cancelReason" TEXT,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Appointment_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "StaffMember_tenantId_active_idx" ON "StaffMember"("tenantId", "active");

-- CreateIndex
CREATE INDEX "Service_tenantId_active_idx" ON "Service"("tenantId", "active");

-- CreateIndex
CREATE INDEX "StaffService_serviceId_idx" ON "StaffService"("serviceId");

-- CreateIndex
CREATE INDEX "StaffService_tenantId_idx" ON "StaffService"("tenantId");

-- CreateIndex
CREATE INDEX "WorkingHours_tenantId_idx" ON "WorkingHours"("tenantId");

-- CreateIndex
CREATE UNIQUE INDEX "WorkingHours_staffId_weekday_key" ON "WorkingHours"("staffId", "weekday");

-- CreateIndex
CREATE INDEX "Closure_tenantId_startsAt_idx" ON "Closure"("tenantId", "startsAt");

-- CreateIndex
CREATE INDEX "Closure_staffId_startsAt_idx" ON "Closure"("staffId", "startsAt");

-- CreateIndex
CREATE INDEX "Appointment_tenantId_startsAt_idx" ON "Appointment"("tenantId", "startsAt");

-- CreateIndex
CREATE INDEX "Appointment_staffId_blockedStart_idx" ON "Appointment"("staffId", "blockedStart");

-- CreateIndex
CREATE INDEX "Appointment_contactId_startsAt_idx" ON "Appointment"("contactId", "startsAt");

-- AddForeignKey
ALTER TABLE "StaffMember" ADD CONSTRAINT "StaffMember_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Service" ADD CONSTRAINT "Service_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StaffService" ADD CONSTRAINT "StaffService_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StaffService" ADD CONSTRAINT "StaffService_staffId_fkey" FOREIGN KEY ("staffId") REFERENCES "StaffMember"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StaffService" ADD CONSTRAINT "StaffService_serviceId_fkey" FOREIGN KEY ("serviceId") REFERENCES "Service"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "WorkingHours" ADD CONSTRAINT "WorkingHours_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "WorkingHours" ADD CONSTRAINT "WorkingHours_staffId_fkey" FOREIGN KEY ("staffId") REFERENCES "StaffMember"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Closure" ADD CONSTRAINT "Closure_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Closure" ADD CONSTRAINT "Closure_staffId_fkey" FOREIGN KEY ("staffId") REFERENCES "StaffMember"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SchedulingSettings" ADD CONSTRAINT "SchedulingSettings_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Appointment" ADD CONSTRAINT "Appointment_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Appointment" ADD CONSTRAINT "Appointment_staffId_fkey" FOREIGN KEY ("staffId") REFERENCES "StaffMember"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Appointment" ADD CONSTRAINT "Appointment_serviceId_fkey" FOREIGN KEY ("serviceId") REFERENCES "Service"("id") ON DELETE RESTRICT ON UPDATE CASCADE;


-- ---------------------------------------------------------------------------------------------
-- Hand-written: what Prisma cannot express.
-- ---------------------------------------------------------------------------------------------

-- btree_gist lets a GiST index compare plain equality ("staffId" WITH =) next to range overlap.
CREATE EXTENSION IF NOT EXISTS btree_gist;

ALTER TABLE "Service" ADD CONSTRAINT "Service_duration_check"
  CHECK ("durationMinutes" > 0 AND "bufferBeforeMinutes" >= 0 AND "bufferAfterMinutes" >= 0);
ALTER TABLE "WorkingHours" ADD CONSTRAINT "WorkingHours_range_check"
  CHECK ("weekday" BETWEEN 0 AND 6 AND "startMinute" >= 0 AND "endMinute" <= 1440 AND "startMinute" < "endMinute");
ALTER TABLE "Closure" ADD CONSTRAINT "Closure_range_check" CHECK ("startsAt" < "endsAt");
ALTER TABLE "SchedulingSettings" ADD CONSTRAINT "SchedulingSettings_range_check"
  CHECK ("minNoticeMinutes" >= 0 AND "horizonDays" > 0 AND "slotStepMinutes" > 0);
ALTER TABLE "Appointment" ADD CONSTRAINT "Appointment_range_check"
  CHECK ("startsAt" < "endsAt" AND "blockedStart" <= "startsAt" AND "blockedEnd" >= "endsAt");
-- findSlots looks back this far for appointments overlapping a window (server/scheduling/slots.ts);
-- services last at most a day with at most 4 h buffers either side.
ALTER TABLE "Appointment" ADD CONSTRAINT "Appointment_blocked_length_check"
  CHECK ("blockedEnd" - "blockedStart" <= interval '2 days');

-- No double booking, whatever path writes the row (app, sync job, a manual SQL fix): two live
-- appointments of one staff member may not overlap, buffers included. Half-open ranges '[)' let
-- one appointment end exactly when the next begins. Cancelled appointments free their time.
-- The service layer matches this constraint by name (server/scheduling/appointments.ts).
ALTER TABLE "Appointment" ADD CONSTRAINT "Appointment_no_double_booking"
  EXCLUDE USING gist ("staffId" WITH =, tstzrange("blockedStart", "blockedEnd", '[)') WITH &&)
  WHERE ("status" <> 'cancelled');

-- Row-level security, as for every business-owned table (see the init migration).
GRANT SELECT, INSERT, UPDATE, DELETE ON "StaffMember", "Service", "StaffService", "WorkingHours",
  "Closure", "SchedulingSettings", "Appointment" TO switchboard_app;

ALTER TABLE "StaffMember" ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "StaffMember" USING ("tenantId" = app_tenant_id()) WITH CHECK ("tenantId" = app_tenant_id());
ALTER TABLE "Service" ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "Service" USING ("tenantId" = app_tenant_id()) WITH CHECK ("tenantId" = app_tenant_id());
ALTER TABLE "StaffService" ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "StaffService" USING ("tenantId" = app_tenant_id()) WITH CHECK ("tenantId" = app_tenant_id());
ALTER TABLE "WorkingHours" ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "WorkingHours" USING ("tenantId" = app_tenant_id()) WITH CHECK ("tenantId" = app_tenant_id());
ALTER TABLE "Closure" ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "Closure" USING ("tenantId" = app_tenant_id()) WITH CHECK ("tenantId" = app_tenant_id());
ALTER TABLE "SchedulingSettings" ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "SchedulingSettings" USING ("tenantId" = app_tenant_id()) WITH CHECK ("tenantId" = app_tenant_id());
ALTER TABLE "Appointment" ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "Appointment" USING ("tenantId" = app_tenant_id()) WITH CHECK ("tenantId" = app_tenant_id());
