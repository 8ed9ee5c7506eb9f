-- Hand-written: version stamping of the globally replicated auth rows (users, organizations).
-- Local writes get a hybrid-logical-clock stamp: updated_at = GREATEST(now, previous + 1 ms), so a
-- write made after seeing a row (even one stamped by a region whose clock runs ahead) always
-- carries a larger version; and a fresh last_event_id, the tie-break of the version order
-- (updated_at, last_event_id) and the id of the outbox event of this write.
-- The sync worker's apply path sets `miw.replicating = on` for its transaction: replicated rows
-- keep the version they carry.
CREATE OR REPLACE FUNCTION "auth"."stamp_version"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('miw.replicating', true) = 'on' THEN
    RETURN NEW;
  END IF;
  IF TG_OP = 'UPDATE' THEN
    NEW.updated_at := GREATEST(clock_timestamp(), OLD.updated_at + interval '1 millisecond');
  ELSE
    NEW.updated_at := GREATEST(clock_timestamp(), NEW.updated_at);
  END IF;
  -- Round to the column's precision here, so the value returned equals the value stored.
  NEW.updated_at := date_trunc('milliseconds', NEW.updated_at);
  IF TG_OP = 'UPDATE' AND NEW.updated_at <= OLD.updated_at THEN
    NEW.updated_at := OLD.updated_at + interval '1 millisecond';
  END IF;
  NEW.last_event_id := gen_random_uuid();
  RETURN NEW;
END;
$$;

CREATE TRIGGER "user_stamp_version" BEFORE INSERT OR UPDATE ON "auth"."user"
  FOR EACH ROW EXECUTE FUNCTION "auth"."stamp_version"();
CREATE TRIGGER "organization_stamp_version" BEFORE INSERT OR UPDATE ON "auth"."organization"
  FOR EACH ROW EXECUTE FUNCTION "auth"."stamp_version"();
