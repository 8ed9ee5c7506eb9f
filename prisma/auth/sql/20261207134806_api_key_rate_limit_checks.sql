-- Hand-written: an API key's own rate limits stay within the bounds the service checks
-- (subgraphs/auth/src/domain/api-keys.ts, API_KEY_RATE_LIMIT_MAX); null is the gateway's default.
ALTER TABLE "auth"."api_key" ADD CONSTRAINT "api_key_rate_limit_per_minute_check" CHECK ("rate_limit_per_minute" IS NULL OR "rate_limit_per_minute" BETWEEN 1 AND 100000);
ALTER TABLE "auth"."api_key" ADD CONSTRAINT "api_key_rate_limit_per_hour_check" CHECK ("rate_limit_per_hour" IS NULL OR "rate_limit_per_hour" BETWEEN 1 AND 10000000);
