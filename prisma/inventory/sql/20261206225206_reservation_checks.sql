-- Hand-written: what a reservation can never be, whatever the code path or concurrency.
ALTER TABLE "inventory"."reservation_line"
  ADD CONSTRAINT "reservation_line_quantity_check" CHECK ("quantity" BETWEEN 1 AND 999);
ALTER TABLE "inventory"."reservation"
  -- Only a tombstone (RELEASED before any reserve arrived) lacks its store.
  ADD CONSTRAINT "reservation_store_check" CHECK ("store_id" IS NOT NULL OR "status" = 'RELEASED'),
  -- A release always says why; nothing else carries a reason.
  ADD CONSTRAINT "reservation_release_reason_check" CHECK (("status" = 'RELEASED') = ("release_reason" IS NOT NULL)),
  ADD CONSTRAINT "reservation_release_reason_length_check" CHECK (char_length("release_reason") <= 500);
