-- Hand-written: emails are stored lower-cased so the unique index is case-insensitive.
ALTER TABLE "auth"."user" ADD CONSTRAINT "user_email_lower_check" CHECK ("email" = lower("email"));
