-- CreateEnum
CREATE TYPE "inventory"."OrganizationKind" AS ENUM ('MANUFACTURER', 'LOGISTICS', 'PARTNER');

-- CreateTable
CREATE TABLE "inventory"."organization_projection" (
    "id" UUID NOT NULL,
    "kind" "inventory"."OrganizationKind" NOT NULL,
    "deleted_at" TIMESTAMPTZ(3),
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    "last_event_id" UUID NOT NULL,

    CONSTRAINT "organization_projection_pkey" PRIMARY KEY ("id")
);
