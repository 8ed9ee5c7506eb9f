-- CreateEnum
CREATE TYPE "orders"."CancelReason" AS ENUM ('SHOPPER', 'PARTNER', 'ADMIN', 'EXPIRED', 'PAYMENT_DECLINED');

-- CreateEnum
CREATE TYPE "orders"."ReservationState" AS ENUM ('HELD', 'SOLD', 'RELEASED');

-- CreateEnum
CREATE TYPE "orders"."CheckoutState" AS ENUM ('STARTED', 'COMPLETED', 'ABANDONED');

-- CreateEnum
CREATE TYPE "orders"."PaymentStatus" AS ENUM ('PENDING', 'AUTHORIZED', 'DECLINED', 'CAPTURED', 'VOIDED', 'REFUNDED');

-- AlterEnum
BEGIN;
CREATE TYPE "orders"."OrderStatus_new" AS ENUM ('PENDING_PAYMENT', 'PLACED', 'CONFIRMED', 'READY_FOR_PICKUP', 'SHIPPED', 'FULFILLED', 'CANCELLED', 'REFUNDED');
ALTER TABLE "orders"."order" ALTER COLUMN "status" DROP DEFAULT;
ALTER TABLE "orders"."order" ALTER COLUMN "status" TYPE "orders"."OrderStatus_new" USING ("status"::text::"orders"."OrderStatus_new");
ALTER TYPE "orders"."OrderStatus" RENAME TO "OrderStatus_old";
ALTER TYPE "orders"."OrderStatus_new" RENAME TO "OrderStatus";
DROP TYPE "orders"."OrderStatus_old";
ALTER TABLE "orders"."order" ALTER COLUMN "status" SET DEFAULT 'PENDING_PAYMENT';
COMMIT;

-- AlterTable
ALTER TABLE "orders"."cart" ALTER COLUMN "currency" DROP NOT NULL;

-- AlterTable
ALTER TABLE "orders"."cart_item" ADD COLUMN     "seen_unit_price_amount" INTEGER NOT NULL;

-- AlterTable
ALTER TABLE "orders"."order" ADD COLUMN     "cancel_note" TEXT,
ADD COLUMN     "cancel_reason" "orders"."CancelReason",
ADD COLUMN     "expires_at" TIMESTAMPTZ(3) NOT NULL,
ADD COLUMN     "note" TEXT,
ADD COLUMN     "partner_organization_id" UUID,
ADD COLUMN     "payment_provider" TEXT NOT NULL,
ADD COLUMN     "placed_at" TIMESTAMPTZ(3),
ADD COLUMN     "reservation_state" "orders"."ReservationState" NOT NULL DEFAULT 'HELD',
ADD COLUMN     "shipping_address" JSONB,
ALTER COLUMN "status" SET DEFAULT 'PENDING_PAYMENT';

-- AlterTable
ALTER TABLE "orders"."order_item" ADD COLUMN     "manufacturer_organization_id" UUID;

-- CreateTable
CREATE TABLE "orders"."checkout" (
    "user_id" UUID NOT NULL,
    "idempotency_key" TEXT NOT NULL,
    "order_id" UUID NOT NULL,
    "cart_id" UUID NOT NULL,
    "state" "orders"."CheckoutState" NOT NULL DEFAULT 'STARTED',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "checkout_pkey" PRIMARY KEY ("user_id","idempotency_key")
);

-- CreateTable
CREATE TABLE "orders"."payment" (
    "id" UUID NOT NULL,
    "order_id" UUID NOT NULL,
    "provider" TEXT NOT NULL,
    "status" "orders"."PaymentStatus" NOT NULL DEFAULT 'PENDING',
    "provider_ref" TEXT,
    "amount" INTEGER NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "decline_reason" TEXT,
    "refund_ref" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "payment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "orders"."payment_webhook_event" (
    "provider" TEXT NOT NULL,
    "event_id" TEXT NOT NULL,
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "payment_webhook_event_pkey" PRIMARY KEY ("provider","event_id")
);

-- CreateTable
CREATE TABLE "orders"."catalog_product" (
    "id" UUID NOT NULL,
    "sku" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "price_amount" INTEGER NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "status" TEXT NOT NULL,
    "manufacturer_id" UUID,
    "deleted_at" TIMESTAMPTZ(3),
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "catalog_product_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "orders"."catalog_store" (
    "id" UUID NOT NULL,
    "region" "orders"."Region" NOT NULL,
    "partner_organization_id" UUID,
    "deleted_at" TIMESTAMPTZ(3),
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "catalog_store_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "orders"."catalog_manufacturer" (
    "id" UUID NOT NULL,
    "organization_id" UUID,
    "deleted_at" TIMESTAMPTZ(3),
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "catalog_manufacturer_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "orders"."user_projection" (
    "id" UUID NOT NULL,
    "email" TEXT NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    "last_event_id" TEXT NOT NULL,

    CONSTRAINT "user_projection_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "checkout_order_id_key" ON "orders"."checkout"("order_id");

-- CreateIndex
CREATE INDEX "checkout_state_created_at_idx" ON "orders"."checkout"("state", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "payment_order_id_key" ON "orders"."payment"("order_id");

-- CreateIndex
CREATE UNIQUE INDEX "payment_provider_provider_ref_key" ON "orders"."payment"("provider", "provider_ref");

-- CreateIndex
CREATE INDEX "catalog_store_partner_organization_id_idx" ON "orders"."catalog_store"("partner_organization_id");

-- CreateIndex
CREATE INDEX "user_projection_email_idx" ON "orders"."user_projection"("email");

-- CreateIndex
CREATE INDEX "order_store_id_created_at_idx" ON "orders"."order"("store_id", "created_at");

-- CreateIndex
CREATE INDEX "order_created_at_idx" ON "orders"."order"("created_at");

-- CreateIndex
CREATE INDEX "order_status_expires_at_idx" ON "orders"."order"("status", "expires_at");

-- CreateIndex
CREATE INDEX "order_reservation_state_status_idx" ON "orders"."order"("reservation_state", "status");

-- CreateIndex
CREATE INDEX "order_item_manufacturer_organization_id_idx" ON "orders"."order_item"("manufacturer_organization_id");

-- AddForeignKey
ALTER TABLE "orders"."payment" ADD CONSTRAINT "payment_order_id_fkey" FOREIGN KEY ("order_id") REFERENCES "orders"."order"("id") ON DELETE CASCADE ON UPDATE CASCADE;
