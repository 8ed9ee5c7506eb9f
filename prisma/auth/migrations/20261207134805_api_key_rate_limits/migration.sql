-- AlterTable
ALTER TABLE "auth"."api_key" ADD COLUMN     "rate_limit_per_hour" INTEGER,
ADD COLUMN     "rate_limit_per_minute" INTEGER;
