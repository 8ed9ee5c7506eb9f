-- Hand-written: quantities and amounts are positive.
ALTER TABLE "orders"."cart_item" ADD CONSTRAINT "cart_item_quantity_check" CHECK ("quantity" > 0);
ALTER TABLE "orders"."order_item"
  ADD CONSTRAINT "order_item_quantity_check" CHECK ("quantity" > 0),
  ADD CONSTRAINT "order_item_unit_price_amount_check" CHECK ("unit_price_amount" >= 0);
ALTER TABLE "orders"."order" ADD CONSTRAINT "order_total_amount_check" CHECK ("total_amount" >= 0);
