-- Hand-written: quantities the supply chain can never hold, whatever the code path or concurrency.
ALTER TABLE "inventory"."inventory_movement"
  ADD CONSTRAINT "inventory_movement_delta_check" CHECK ("delta" <> 0);
ALTER TABLE "inventory"."stock_request_item"
  ADD CONSTRAINT "stock_request_item_requested_check" CHECK ("requested_quantity" > 0),
  ADD CONSTRAINT "stock_request_item_approved_check" CHECK ("approved_quantity" IS NULL OR ("approved_quantity" >= 0 AND "approved_quantity" <= "requested_quantity"));
ALTER TABLE "inventory"."shipment_item"
  ADD CONSTRAINT "shipment_item_quantity_check" CHECK ("quantity" > 0),
  ADD CONSTRAINT "shipment_item_received_check" CHECK ("received_quantity" IS NULL OR "received_quantity" >= 0);
ALTER TABLE "inventory"."shipment"
  ADD CONSTRAINT "shipment_exception_reason_check" CHECK ("status" <> 'EXCEPTION' OR "exception_reason" IS NOT NULL);
