-- Hand-written: what Prisma cannot model for accounts, the audit log and invitations.

-- A user's language is one the system writes in; a phone number is E.164 (+, 8 to 15 digits).
ALTER TABLE "auth"."user" ADD CONSTRAINT "user_locale_check" CHECK ("locale" IS NULL OR "locale" IN ('en', 'zh-CN'));
ALTER TABLE "auth"."user" ADD CONSTRAINT "user_phone_check" CHECK ("phone" IS NULL OR "phone" ~ '^\+[1-9][0-9]{7,14}$');

ALTER TABLE "auth"."audit_log" ADD CONSTRAINT "audit_log_actor_check" CHECK (("actor_kind" = 'user' AND "actor_id" IS NOT NULL) OR "actor_kind" = 'cli');

-- The audit log is append-only: rows are never changed or removed, not even by the service itself.
CREATE OR REPLACE FUNCTION "auth"."audit_log_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'auth.audit_log is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER "audit_log_no_update" BEFORE UPDATE OR DELETE ON "auth"."audit_log"
  FOR EACH ROW EXECUTE FUNCTION "auth"."audit_log_append_only"();
CREATE TRIGGER "audit_log_no_truncate" BEFORE TRUNCATE ON "auth"."audit_log"
  FOR EACH STATEMENT EXECUTE FUNCTION "auth"."audit_log_append_only"();
