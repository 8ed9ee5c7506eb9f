-- Hand-written: invariants the API also validates, kept by the database too.
ALTER TABLE "catalog"."product"
  ADD CONSTRAINT "product_price_amount_check" CHECK ("price_amount" >= 0),
  ADD CONSTRAINT "product_currency_check" CHECK ("currency" ~ '^[A-Z]{3}$'),
  ADD CONSTRAINT "product_sku_check" CHECK ("sku" ~ '^[A-Z0-9][A-Z0-9._-]{1,63}$');
ALTER TABLE "catalog"."category" ADD CONSTRAINT "category_not_own_parent_check" CHECK ("parent_id" IS DISTINCT FROM "id");
