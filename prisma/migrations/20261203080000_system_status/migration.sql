-- System status (issue #5): the health of each external dependency (LLM, speech providers,
-- LiveKit, SMTP, ...) as its circuit breaker last reported it. Platform-wide, not tenant data:
-- written and read through the owner connection only.

-- CreateTable
CREATE TABLE "DependencyStatus" (
    "name" TEXT NOT NULL,
    "state" TEXT NOT NULL DEFAULT 'closed',
    "failures" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "lastErrorAt" TIMESTAMPTZ(3),
    "lastOkAt" TIMESTAMPTZ(3),
    "retryAt" TIMESTAMPTZ(3),
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DependencyStatus_pkey" PRIMARY KEY ("name")
);
