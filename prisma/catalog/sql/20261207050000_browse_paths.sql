-- Hand-written: what makes shopper browsing and search cheap at 100k products. Kept by triggers,
-- so every writer (the EU write path, bulk loads, the CN mirror's apply) keeps them right without
-- knowing about them. See docs/performance.md ("Browsing and search").

-- 1. Materialized category paths: `path` is the category's ancestors, root first, ending with the
-- category itself. A subtree is `WHERE $id = ANY(path)`, no recursion per request.
ALTER TABLE "catalog"."category" ADD COLUMN "path" uuid[] NOT NULL DEFAULT '{}';
CREATE INDEX "category_path_idx" ON "catalog"."category" USING gin ("path");

-- A row's path from its parent's. A parent not there yet (the CN mirror applies entities in
-- whatever order their topics deliver them) or a path that would loop leaves the row as a root
-- until its parent arrives (see category_paths_follow).
CREATE FUNCTION "catalog"."category_set_path"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  parent_path uuid[];
BEGIN
  SELECT c."path" INTO parent_path FROM "catalog"."category" c WHERE c."id" = NEW."parent_id";
  IF parent_path IS NULL OR NEW."id" = ANY(parent_path) THEN
    parent_path := '{}';
  END IF;
  NEW."path" := parent_path || NEW."id";
  RETURN NEW;
END $$;
CREATE TRIGGER "category_set_path" BEFORE INSERT OR UPDATE OF "parent_id" ON "catalog"."category"
  FOR EACH ROW EXECUTE FUNCTION "catalog"."category_set_path"();

-- Children follow a row whose path changed (or that just arrived), level by level.
CREATE FUNCTION "catalog"."category_paths_follow"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' OR NEW."path" IS DISTINCT FROM OLD."path" THEN
    UPDATE "catalog"."category" c SET "path" = NEW."path" || c."id"
      WHERE c."parent_id" = NEW."id" AND NOT c."id" = ANY(NEW."path") AND c."path" IS DISTINCT FROM NEW."path" || c."id";
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER "category_paths_follow" AFTER INSERT OR UPDATE OF "parent_id", "path" ON "catalog"."category"
  FOR EACH ROW EXECUTE FUNCTION "catalog"."category_paths_follow"();

-- Existing rows: roots first (their children follow through the trigger).
UPDATE "catalog"."category" SET "parent_id" = "parent_id" WHERE "parent_id" IS NULL;
UPDATE "catalog"."category" c SET "parent_id" = c."parent_id"
  WHERE c."parent_id" IS NOT NULL AND cardinality(c."path") = 0;

-- 2. Exact counts of ACTIVE, not deleted products per category (the nil uuid: no category). The
-- shopper's `totalCount` of a category is the sum over its subtree: at most a few hundred rows
-- read instead of every product of the subtree.
CREATE TABLE "catalog"."category_product_count" (
  "category_id" uuid PRIMARY KEY,
  "active_products" integer NOT NULL DEFAULT 0
);

-- 3. Search vocabulary: every word of live products' search documents, with the number of
-- products holding it anywhere and in their name. A search word found nowhere is corrected to the
-- nearest name words (trigram distance on a GiST index over name words only: a bounded
-- nearest-neighbour walk, whatever the size of the vocabulary).
CREATE TABLE "catalog"."search_term" (
  "term" text PRIMARY KEY,
  "products" integer NOT NULL DEFAULT 0,
  "name_products" integer NOT NULL DEFAULT 0
);
-- Edit distance ranks the trigram candidates (contrib, like pg_trgm; shared from "public").
CREATE EXTENSION IF NOT EXISTS fuzzystrmatch WITH SCHEMA public;
CREATE INDEX "search_term_name_trgm_idx" ON "catalog"."search_term" USING gist ("term" public.gist_trgm_ops) WHERE "name_products" > 0;

-- Both kept by statement triggers over the changed rows (one aggregated upsert per statement, so
-- a bulk load of 1,000 products touches each counter row once). `d` is +1 for a row's new state
-- and -1 for its old state; a row whose relevant columns did not change nets out to nothing.
CREATE FUNCTION "catalog"."product_apply_deltas"(changes jsonb) RETURNS void LANGUAGE sql AS $$
  INSERT INTO "catalog"."category_product_count" AS t ("category_id", "active_products")
    SELECT k, sum(d)::int FROM (
      SELECT coalesce((r->>'category_id')::uuid, '00000000-0000-0000-0000-000000000000'::uuid) AS k, (r->>'d')::int AS d
      FROM jsonb_array_elements(changes) r WHERE (r->>'active')::boolean
    ) x GROUP BY k HAVING sum(d) <> 0 ORDER BY k
  ON CONFLICT ("category_id") DO UPDATE SET "active_products" = t."active_products" + EXCLUDED."active_products";
  INSERT INTO "catalog"."search_term" AS t ("term", "products", "name_products")
    SELECT term, sum(d)::int, sum(d * in_name)::int FROM (
      SELECT w AS term, (r->>'d')::int AS d, (w IN (SELECT jsonb_array_elements_text(r->'name_terms')))::int AS in_name
      FROM jsonb_array_elements(changes) r, jsonb_array_elements_text(r->'terms') w WHERE (r->>'live')::boolean
    ) x GROUP BY term HAVING sum(d) <> 0 OR sum(d * in_name) <> 0 ORDER BY term
  ON CONFLICT ("term") DO UPDATE SET "products" = greatest(t."products" + EXCLUDED."products", 0),
    "name_products" = greatest(t."name_products" + EXCLUDED."name_products", 0);
$$;

CREATE FUNCTION "catalog"."product_change_row"(p "catalog"."product", d int) RETURNS jsonb LANGUAGE sql IMMUTABLE AS $$
  SELECT jsonb_build_object(
    'd', d,
    'category_id', p."category_id",
    'active', p."status" = 'ACTIVE' AND p."deleted_at" IS NULL,
    'live', p."deleted_at" IS NULL,
    'terms', to_jsonb(tsvector_to_array(p."search_vector")),
    'name_terms', to_jsonb(tsvector_to_array(ts_filter(p."search_vector", '{a}'))))
$$;

CREATE FUNCTION "catalog"."product_after_insert"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM "catalog"."product_apply_deltas"((SELECT jsonb_agg("catalog"."product_change_row"(n, 1)) FROM new_rows n));
  RETURN NULL;
END $$;

CREATE FUNCTION "catalog"."product_after_update"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- Only rows whose category, status, deletion or search document changed.
  PERFORM "catalog"."product_apply_deltas"((
    SELECT jsonb_agg(c) FROM (
      SELECT "catalog"."product_change_row"(o, -1) AS c FROM old_rows o JOIN new_rows n ON n."id" = o."id"
        WHERE (o."category_id", o."status", o."deleted_at", o."search_vector") IS DISTINCT FROM (n."category_id", n."status", n."deleted_at", n."search_vector")
      UNION ALL
      SELECT "catalog"."product_change_row"(n, 1) FROM old_rows o JOIN new_rows n ON n."id" = o."id"
        WHERE (o."category_id", o."status", o."deleted_at", o."search_vector") IS DISTINCT FROM (n."category_id", n."status", n."deleted_at", n."search_vector")
    ) changed));
  RETURN NULL;
END $$;

CREATE FUNCTION "catalog"."product_after_delete"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM "catalog"."product_apply_deltas"((SELECT jsonb_agg("catalog"."product_change_row"(o, -1)) FROM old_rows o));
  RETURN NULL;
END $$;

CREATE TRIGGER "product_after_insert" AFTER INSERT ON "catalog"."product"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "catalog"."product_after_insert"();
CREATE TRIGGER "product_after_update" AFTER UPDATE ON "catalog"."product"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "catalog"."product_after_update"();
CREATE TRIGGER "product_after_delete" AFTER DELETE ON "catalog"."product"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "catalog"."product_after_delete"();

-- Existing rows.
SELECT "catalog"."product_apply_deltas"((SELECT jsonb_agg("catalog"."product_change_row"(p, 1)) FROM "catalog"."product" p));

-- 4. Indexes matching each keyset order within one category (the category page reads at most
-- `first` rows per category of the subtree, then merges), and exact name lookups for relevance.
CREATE INDEX "product_category_price_idx" ON "catalog"."product" ("category_id", "price_amount", "id") WHERE "deleted_at" IS NULL;
CREATE INDEX "product_category_created_idx" ON "catalog"."product" ("category_id", "created_at", "id") WHERE "deleted_at" IS NULL;
CREATE INDEX "product_category_name_idx" ON "catalog"."product" ("category_id", "name", "id") WHERE "deleted_at" IS NULL;
CREATE INDEX "product_lower_name_idx" ON "catalog"."product" (lower("name")) WHERE "deleted_at" IS NULL;

-- Search no longer compares whole names by trigram (the vocabulary above replaces it).
DROP INDEX "catalog"."product_name_trgm_idx";

-- Catalog writes are rare and reads many: GIN entries go straight into the index instead of a
-- pending list every search would have to scan until the next vacuum.
ALTER INDEX "catalog"."product_search_vector_idx" SET (fastupdate = off);
