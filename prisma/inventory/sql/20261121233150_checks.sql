-- Hand-written: stock can never go negative nor be over-reserved, whatever the concurrency.
ALTER TABLE "inventory"."inventory_level"
  ADD CONSTRAINT "inventory_level_on_hand_check" CHECK ("on_hand" >= 0),
  ADD CONSTRAINT "inventory_level_reserved_check" CHECK ("reserved" >= 0),
  ADD CONSTRAINT "inventory_level_reserved_le_on_hand_check" CHECK ("reserved" <= "on_hand"),
  ADD CONSTRAINT "inventory_level_low_stock_threshold_check" CHECK ("low_stock_threshold" >= 0);
