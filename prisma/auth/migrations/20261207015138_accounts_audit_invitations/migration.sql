-- AlterTable
ALTER TABLE "auth"."user" ADD COLUMN     "locale" TEXT DEFAULT 'en',
ADD COLUMN     "phone" TEXT;

-- CreateTable
CREATE TABLE "auth"."audit_log" (
    "id" UUID NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor_kind" TEXT NOT NULL,
    "actor_id" UUID,
    "api_key_id" UUID,
    "action" TEXT NOT NULL,
    "target_type" TEXT NOT NULL,
    "target_id" TEXT,
    "before" JSONB,
    "after" JSONB,
    "region" "auth"."Region" NOT NULL,
    "correlation_id" TEXT,

    CONSTRAINT "audit_log_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "auth"."invitation" (
    "id" UUID NOT NULL,
    "organization_id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "role" "auth"."Role" NOT NULL,
    "invited_by" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "accepted_at" TIMESTAMPTZ(3),
    "revoked_at" TIMESTAMPTZ(3),

    CONSTRAINT "invitation_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "audit_log_at_id_idx" ON "auth"."audit_log"("at", "id");

-- CreateIndex
CREATE INDEX "audit_log_actor_id_at_idx" ON "auth"."audit_log"("actor_id", "at");

-- CreateIndex
CREATE INDEX "audit_log_target_id_at_idx" ON "auth"."audit_log"("target_id", "at");

-- CreateIndex
CREATE INDEX "invitation_user_id_idx" ON "auth"."invitation"("user_id");

-- CreateIndex
CREATE INDEX "invitation_organization_id_created_at_idx" ON "auth"."invitation"("organization_id", "created_at");
