-- Telephony (issue #5): outbound placement state on Call, the business's phone numbers, and
-- LiveKit webhook events already applied (idempotency by event id).

-- CreateEnum
CREATE TYPE "CallPlacementState" AS ENUM ('none', 'placing', 'placed', 'failed');

-- AlterTable
ALTER TABLE "Call" ADD COLUMN     "livekitDispatchId" TEXT,
ADD COLUMN     "placedAt" TIMESTAMPTZ(3),
ADD COLUMN     "placementClaimedAt" TIMESTAMPTZ(3),
ADD COLUMN     "placementError" TEXT,
ADD COLUMN     "placementState" "CallPlacementState" NOT NULL DEFAULT 'none',
ADD COLUMN     "recordingUrl" TEXT,
ADD COLUMN     "roomName" TEXT,
ADD COLUMN     "sipCallId" TEXT,
ADD COLUMN     "sipParticipantId" TEXT,
ADD COLUMN     "sipParticipantIdentity" TEXT,
ADD COLUMN     "sipRequestedAt" TIMESTAMPTZ(3);

-- CreateTable
CREATE TABLE "PhoneNumber" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "e164" TEXT NOT NULL,
    "label" TEXT NOT NULL DEFAULT '',
    "workflowId" TEXT,
    "useForOutbound" BOOLEAN NOT NULL DEFAULT false,
    "outboundTrunkId" TEXT,
    "livekitInboundTrunkId" TEXT,
    "livekitDispatchRuleId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "PhoneNumber_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LivekitWebhookEvent" (
    "id" TEXT NOT NULL,
    "event" TEXT NOT NULL,
    "roomName" TEXT,
    "callId" TEXT,
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LivekitWebhookEvent_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "PhoneNumber_e164_key" ON "PhoneNumber"("e164");

-- CreateIndex
CREATE INDEX "PhoneNumber_tenantId_idx" ON "PhoneNumber"("tenantId");

-- CreateIndex
CREATE UNIQUE INDEX "Call_roomName_key" ON "Call"("roomName");

-- AddForeignKey
ALTER TABLE "PhoneNumber" ADD CONSTRAINT "PhoneNumber_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Row-level security: phone numbers are the business's own. Inbound routing
-- (resolveInboundCall) looks a number up across businesses through the owner connection.
GRANT SELECT, INSERT, UPDATE, DELETE ON "PhoneNumber" TO switchboard_app;

ALTER TABLE "PhoneNumber" ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON "PhoneNumber" USING ("tenantId" = app_tenant_id()) WITH CHECK ("tenantId" = app_tenant_id());

-- Webhook deliveries belong to no business until matched to a call: only the owner connection
-- (the webhook route) touches them. RLS on with no policy keeps the app role out entirely.
ALTER TABLE "LivekitWebhookEvent" ENABLE ROW LEVEL SECURITY;
