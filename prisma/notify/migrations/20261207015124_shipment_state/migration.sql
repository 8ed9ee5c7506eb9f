-- CreateTable
CREATE TABLE "notify"."shipment_state" (
    "shipment_id" UUID NOT NULL,
    "logistics_organization_id" UUID,
    "status" TEXT NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "shipment_state_pkey" PRIMARY KEY ("shipment_id")
);
