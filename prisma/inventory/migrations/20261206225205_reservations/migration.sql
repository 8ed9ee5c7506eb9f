-- CreateEnum
CREATE TYPE "inventory"."ReservationStatus" AS ENUM ('ACTIVE', 'SOLD', 'RELEASED');

-- CreateTable
CREATE TABLE "inventory"."reservation" (
    "id" UUID NOT NULL,
    "store_id" UUID,
    "status" "inventory"."ReservationStatus" NOT NULL,
    "release_reason" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "reservation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "inventory"."reservation_line" (
    "reservation_id" UUID NOT NULL,
    "product_id" UUID NOT NULL,
    "quantity" INTEGER NOT NULL,

    CONSTRAINT "reservation_line_pkey" PRIMARY KEY ("reservation_id","product_id")
);

-- CreateIndex
CREATE INDEX "reservation_status_created_at_idx" ON "inventory"."reservation"("status", "created_at");

-- AddForeignKey
ALTER TABLE "inventory"."reservation_line" ADD CONSTRAINT "reservation_line_reservation_id_fkey" FOREIGN KEY ("reservation_id") REFERENCES "inventory"."reservation"("id") ON DELETE CASCADE ON UPDATE CASCADE;
