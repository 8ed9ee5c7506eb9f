-- AlterTable
ALTER TABLE "notify"."notification" RENAME COLUMN "kind" TO "type";
ALTER TABLE "notify"."notification" ADD COLUMN     "link_entity" TEXT,
ADD COLUMN     "link_id" TEXT,
ADD COLUMN     "locale" TEXT NOT NULL DEFAULT 'en',
ADD COLUMN     "source_event_id" TEXT;

-- CreateTable
CREATE TABLE "notify"."user_projection" (
    "id" UUID NOT NULL,
    "email" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "locale" TEXT NOT NULL DEFAULT 'en',
    "role" TEXT NOT NULL,
    "organization_id" UUID,
    "home_region" "notify"."Region" NOT NULL,
    "deleted_at" TIMESTAMPTZ(3),
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    "last_event_id" UUID,

    CONSTRAINT "user_projection_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "notify"."organization_projection" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "deleted_at" TIMESTAMPTZ(3),
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    "last_event_id" UUID,

    CONSTRAINT "organization_projection_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "notify"."notification_preference" (
    "user_id" UUID NOT NULL,
    "type" TEXT NOT NULL,
    "email" BOOLEAN NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "notification_preference_pkey" PRIMARY KEY ("user_id","type")
);

-- CreateTable
CREATE TABLE "notify"."email_message" (
    "id" UUID NOT NULL,
    "to_address" TEXT NOT NULL,
    "user_id" UUID,
    "subject" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "html" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "notification_id" UUID,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "next_attempt_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sent_at" TIMESTAMPTZ(3),
    "failed_at" TIMESTAMPTZ(3),
    "last_error" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "email_message_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "notify"."webhook_endpoint" (
    "id" UUID NOT NULL,
    "organization_id" UUID NOT NULL,
    "url" TEXT NOT NULL,
    "event_types" TEXT[],
    "description" TEXT,
    "secret" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "disabled_reason" TEXT,
    "failing_since" TIMESTAMPTZ(3),
    "created_by" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    "deleted_at" TIMESTAMPTZ(3),

    CONSTRAINT "webhook_endpoint_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "notify"."webhook_delivery" (
    "id" UUID NOT NULL,
    "endpoint_id" UUID NOT NULL,
    "event_type" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "source_event_id" TEXT,
    "status" TEXT NOT NULL DEFAULT 'PENDING',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "response_code" INTEGER,
    "last_error" TEXT,
    "next_attempt_at" TIMESTAMPTZ(3) DEFAULT CURRENT_TIMESTAMP,
    "last_attempt_at" TIMESTAMPTZ(3),
    "delivered_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "webhook_delivery_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "notify"."low_stock_pending" (
    "event_id" UUID NOT NULL,
    "store_id" UUID NOT NULL,
    "product_id" UUID NOT NULL,
    "available" INTEGER NOT NULL,
    "threshold" INTEGER NOT NULL,
    "organization_ids" UUID[],
    "occurred_at" TIMESTAMPTZ(3) NOT NULL,
    "digested_at" TIMESTAMPTZ(3),

    CONSTRAINT "low_stock_pending_pkey" PRIMARY KEY ("event_id")
);

-- CreateTable
CREATE TABLE "notify"."daily_stat" (
    "day" DATE NOT NULL,
    "metric" TEXT NOT NULL,
    "currency" TEXT NOT NULL DEFAULT '',
    "count" INTEGER NOT NULL DEFAULT 0,
    "amount" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "daily_stat_pkey" PRIMARY KEY ("day","metric","currency")
);

-- CreateTable
CREATE TABLE "notify"."scheduled_run" (
    "job" TEXT NOT NULL,
    "slot" TIMESTAMPTZ(3) NOT NULL,
    "holder" TEXT NOT NULL,
    "started_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMPTZ(3),

    CONSTRAINT "scheduled_run_pkey" PRIMARY KEY ("job","slot")
);

-- CreateIndex
CREATE INDEX "user_projection_organization_id_idx" ON "notify"."user_projection"("organization_id");

-- CreateIndex
CREATE INDEX "user_projection_role_idx" ON "notify"."user_projection"("role");

-- CreateIndex
CREATE INDEX "email_message_sent_at_failed_at_next_attempt_at_idx" ON "notify"."email_message"("sent_at", "failed_at", "next_attempt_at");

-- CreateIndex
CREATE INDEX "webhook_endpoint_organization_id_idx" ON "notify"."webhook_endpoint"("organization_id");

-- CreateIndex
CREATE INDEX "webhook_delivery_status_next_attempt_at_idx" ON "notify"."webhook_delivery"("status", "next_attempt_at");

-- CreateIndex
CREATE INDEX "webhook_delivery_endpoint_id_created_at_idx" ON "notify"."webhook_delivery"("endpoint_id", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "webhook_delivery_endpoint_id_source_event_id_key" ON "notify"."webhook_delivery"("endpoint_id", "source_event_id");

-- CreateIndex
CREATE INDEX "low_stock_pending_digested_at_occurred_at_idx" ON "notify"."low_stock_pending"("digested_at", "occurred_at");

-- CreateIndex
CREATE UNIQUE INDEX "notification_source_event_id_user_id_type_key" ON "notify"."notification"("source_event_id", "user_id", "type");
