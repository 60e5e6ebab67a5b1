-- CreateEnum
CREATE TYPE "AttemptKind" AS ENUM ('login', 'password_reset');

-- AlterTable
ALTER TABLE "LoginAttempt" ADD COLUMN     "kind" "AttemptKind" NOT NULL DEFAULT 'login';
