/** Stores by region and around a point: bounding-box prefilter on (latitude, longitude), then haversine. */
import type { CatalogDb, Store } from './db';
import { Prisma } from './db';
import { findStores } from './catalog';
import { boundingBox, EARTH_RADIUS_KM, type GeoPoint } from '../domain/geo';
import type { RegionCode } from '@miw/contracts';

export type StoreWithDistance = Store & { distanceKm?: number };

export const listStores = (db: CatalogDb, region: RegionCode | undefined, limit: number): Promise<Store[]> =>
  db.store.findMany({ where: { deletedAt: null, ...(region ? { region } : {}) }, orderBy: [{ code: 'asc' }], take: limit });

/** The SQL of a radius search (exported for EXPLAIN in tests). */
export function storesNearSql(center: GeoPoint, radiusKm: number, region: RegionCode | undefined, limit: number): Prisma.Sql {
  const box = boundingBox(center, radiusKm);
  const lng = box.lngRanges
    ? Prisma.sql` AND (${Prisma.join(box.lngRanges.map(([w, e]) => Prisma.sql`s.longitude BETWEEN ${w} AND ${e}`), ' OR ')})`
    : Prisma.empty;
  const distance = Prisma.sql`2 * ${EARTH_RADIUS_KM}::float8 * asin(least(1, sqrt(
      power(sin(radians(s.latitude - ${center.lat}::float8) / 2), 2) +
      cos(radians(${center.lat}::float8)) * cos(radians(s.latitude)) * power(sin(radians(s.longitude - ${center.lng}::float8) / 2), 2))))`;
  return Prisma.sql`SELECT id, distance_km FROM (
      SELECT s.id, s.code, ${distance} AS distance_km FROM "catalog"."store" s
      WHERE s.deleted_at IS NULL ${region ? Prisma.sql`AND s.region = ${region}::"catalog"."Region"` : Prisma.empty}
        AND s.latitude BETWEEN ${box.minLat} AND ${box.maxLat}${lng}
    ) near WHERE distance_km <= ${radiusKm} ORDER BY distance_km, code LIMIT ${limit}`;
}

export async function listStoresNear(db: CatalogDb, center: GeoPoint, radiusKm: number, region: RegionCode | undefined, limit: number): Promise<StoreWithDistance[]> {
  const hits = await db.$queryRaw<{ id: string; distance_km: number }[]>(storesNearSql(center, radiusKm, region, limit));
  if (!hits.length) return [];
  const byId = new Map((await findStores(db, hits.map((h) => h.id))).map((s) => [s.id, s]));
  return hits.flatMap((h) => {
    const store = byId.get(h.id);
    return store ? [{ ...store, distanceKm: h.distance_km }] : [];
  });
}
