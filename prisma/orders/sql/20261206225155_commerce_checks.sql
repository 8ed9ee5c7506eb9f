-- Hand-written: the invariants of carts, orders and payments, whatever the code path or concurrency.
-- One open cart per shopper and store: concurrent addToCart calls meet here instead of creating two.
CREATE UNIQUE INDEX "cart_one_open_per_user_store" ON "orders"."cart" ("user_id", "store_id") WHERE "status" = 'OPEN';
ALTER TABLE "orders"."cart_item"
  DROP CONSTRAINT "cart_item_quantity_check",
  ADD CONSTRAINT "cart_item_quantity_check" CHECK ("quantity" BETWEEN 1 AND 999),
  ADD CONSTRAINT "cart_item_seen_price_check" CHECK ("seen_unit_price_amount" >= 0);
ALTER TABLE "orders"."order"
  ADD CONSTRAINT "order_cancel_reason_check" CHECK (("status" IN ('CANCELLED', 'REFUNDED')) = ("cancel_reason" IS NOT NULL)),
  ADD CONSTRAINT "order_sold_only_when_fulfilled_check" CHECK ("reservation_state" <> 'SOLD' OR "status" = 'FULFILLED');
ALTER TABLE "orders"."payment" ADD CONSTRAINT "payment_amount_check" CHECK ("amount" >= 0);
ALTER TABLE "orders"."checkout" ADD CONSTRAINT "checkout_idempotency_key_check" CHECK (length("idempotency_key") BETWEEN 1 AND 255);
