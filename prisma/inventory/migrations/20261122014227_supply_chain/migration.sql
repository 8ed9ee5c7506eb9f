-- CreateEnum
CREATE TYPE "inventory"."MovementReason" AS ENUM ('RECEIVED', 'SOLD', 'ADJUSTED', 'RESERVED', 'RELEASED', 'DAMAGED');

-- CreateEnum
CREATE TYPE "inventory"."StockRequestStatus" AS ENUM ('REQUESTED', 'APPROVED', 'REJECTED', 'ACKNOWLEDGED', 'SHIPPED');

-- CreateEnum
CREATE TYPE "inventory"."ShipmentStatus" AS ENUM ('CREATED', 'PICKED_UP', 'IN_TRANSIT', 'OUT_FOR_DELIVERY', 'DELIVERED', 'EXCEPTION');

-- CreateTable
CREATE TABLE "inventory"."inventory_movement" (
    "id" UUID NOT NULL,
    "level_id" UUID NOT NULL,
    "delta" INTEGER NOT NULL,
    "reason" "inventory"."MovementReason" NOT NULL,
    "actor_id" UUID,
    "correlation_id" TEXT NOT NULL,
    "note" TEXT,
    "shipment_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "inventory_movement_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "inventory"."stock_request" (
    "id" UUID NOT NULL,
    "store_id" UUID NOT NULL,
    "status" "inventory"."StockRequestStatus" NOT NULL DEFAULT 'REQUESTED',
    "note" TEXT,
    "rejection_reason" TEXT,
    "requested_by_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "stock_request_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "inventory"."stock_request_item" (
    "id" UUID NOT NULL,
    "stock_request_id" UUID NOT NULL,
    "product_id" UUID NOT NULL,
    "requested_quantity" INTEGER NOT NULL,
    "approved_quantity" INTEGER,

    CONSTRAINT "stock_request_item_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "inventory"."shipment" (
    "id" UUID NOT NULL,
    "stock_request_id" UUID,
    "store_id" UUID NOT NULL,
    "logistics_organization_id" UUID,
    "status" "inventory"."ShipmentStatus" NOT NULL DEFAULT 'CREATED',
    "exception_reason" TEXT,
    "delivered_at" TIMESTAMPTZ(3),
    "verified_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "shipment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "inventory"."shipment_item" (
    "id" UUID NOT NULL,
    "shipment_id" UUID NOT NULL,
    "product_id" UUID NOT NULL,
    "quantity" INTEGER NOT NULL,
    "received_quantity" INTEGER,

    CONSTRAINT "shipment_item_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "inventory"."tracking_event" (
    "id" UUID NOT NULL,
    "shipment_id" UUID NOT NULL,
    "idempotency_key" TEXT NOT NULL,
    "status" "inventory"."ShipmentStatus",
    "location" TEXT,
    "note" TEXT,
    "occurred_at" TIMESTAMPTZ(3) NOT NULL,
    "actor_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "tracking_event_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "inventory"."catalog_store" (
    "id" UUID NOT NULL,
    "region" "inventory"."Region" NOT NULL,
    "partner_organization_id" UUID,
    "deleted_at" TIMESTAMPTZ(3),
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "catalog_store_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "inventory"."catalog_product" (
    "id" UUID NOT NULL,
    "manufacturer_id" UUID,
    "deleted_at" TIMESTAMPTZ(3),
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "catalog_product_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "inventory"."catalog_manufacturer" (
    "id" UUID NOT NULL,
    "organization_id" UUID,
    "deleted_at" TIMESTAMPTZ(3),
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "catalog_manufacturer_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "inventory_movement_level_id_created_at_id_idx" ON "inventory"."inventory_movement"("level_id", "created_at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "stock_request_store_id_idx" ON "inventory"."stock_request"("store_id");

-- CreateIndex
CREATE INDEX "stock_request_created_at_id_idx" ON "inventory"."stock_request"("created_at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "stock_request_item_product_id_idx" ON "inventory"."stock_request_item"("product_id");

-- CreateIndex
CREATE UNIQUE INDEX "stock_request_item_stock_request_id_product_id_key" ON "inventory"."stock_request_item"("stock_request_id", "product_id");

-- CreateIndex
CREATE INDEX "shipment_store_id_idx" ON "inventory"."shipment"("store_id");

-- CreateIndex
CREATE INDEX "shipment_logistics_organization_id_idx" ON "inventory"."shipment"("logistics_organization_id");

-- CreateIndex
CREATE INDEX "shipment_stock_request_id_idx" ON "inventory"."shipment"("stock_request_id");

-- CreateIndex
CREATE INDEX "shipment_created_at_id_idx" ON "inventory"."shipment"("created_at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "shipment_item_product_id_idx" ON "inventory"."shipment_item"("product_id");

-- CreateIndex
CREATE UNIQUE INDEX "shipment_item_shipment_id_product_id_key" ON "inventory"."shipment_item"("shipment_id", "product_id");

-- CreateIndex
CREATE UNIQUE INDEX "tracking_event_shipment_id_idempotency_key_key" ON "inventory"."tracking_event"("shipment_id", "idempotency_key");

-- CreateIndex
CREATE INDEX "catalog_store_partner_organization_id_idx" ON "inventory"."catalog_store"("partner_organization_id");

-- CreateIndex
CREATE INDEX "catalog_product_manufacturer_id_idx" ON "inventory"."catalog_product"("manufacturer_id");

-- CreateIndex
CREATE INDEX "catalog_manufacturer_organization_id_idx" ON "inventory"."catalog_manufacturer"("organization_id");

-- AddForeignKey
ALTER TABLE "inventory"."inventory_movement" ADD CONSTRAINT "inventory_movement_level_id_fkey" FOREIGN KEY ("level_id") REFERENCES "inventory"."inventory_level"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "inventory"."stock_request_item" ADD CONSTRAINT "stock_request_item_stock_request_id_fkey" FOREIGN KEY ("stock_request_id") REFERENCES "inventory"."stock_request"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "inventory"."shipment_item" ADD CONSTRAINT "shipment_item_shipment_id_fkey" FOREIGN KEY ("shipment_id") REFERENCES "inventory"."shipment"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "inventory"."tracking_event" ADD CONSTRAINT "tracking_event_shipment_id_fkey" FOREIGN KEY ("shipment_id") REFERENCES "inventory"."shipment"("id") ON DELETE CASCADE ON UPDATE CASCADE;
