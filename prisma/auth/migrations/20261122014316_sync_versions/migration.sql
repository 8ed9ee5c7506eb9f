-- DropForeignKey
ALTER TABLE "auth"."user" DROP CONSTRAINT "user_organization_id_fkey";

-- AlterTable
ALTER TABLE "auth"."organization" ADD COLUMN     "last_event_id" UUID;

-- AlterTable
ALTER TABLE "auth"."user" ADD COLUMN     "last_event_id" UUID;
