-- CreateTable
CREATE TABLE "notify"."inbox" (
    "event_id" UUID NOT NULL,
    "consumer" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "entity_id" TEXT NOT NULL,
    "origin_region" "notify"."Region" NOT NULL,
    "processed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "inbox_pkey" PRIMARY KEY ("event_id","consumer")
);
