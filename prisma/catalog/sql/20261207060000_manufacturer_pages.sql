-- Hand-written: a manufacturer's products in the default order (created_at, id), as the admin
-- and manufacturer stock pages list them: read in order from the index instead of sorted.
CREATE INDEX "product_manufacturer_created_idx" ON "catalog"."product" ("manufacturer_id", "created_at", "id") WHERE "deleted_at" IS NULL;
