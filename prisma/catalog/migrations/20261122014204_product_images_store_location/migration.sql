-- AlterTable
ALTER TABLE "catalog"."product" ADD COLUMN     "images" TEXT[] DEFAULT ARRAY[]::TEXT[];

-- AlterTable
ALTER TABLE "catalog"."store" ADD COLUMN     "latitude" DOUBLE PRECISION,
ADD COLUMN     "longitude" DOUBLE PRECISION;

-- CreateIndex
CREATE INDEX "product_price_amount_id_idx" ON "catalog"."product"("price_amount", "id");

-- CreateIndex
CREATE INDEX "product_name_id_idx" ON "catalog"."product"("name", "id");

-- CreateIndex
CREATE INDEX "store_latitude_longitude_idx" ON "catalog"."store"("latitude", "longitude");
