/** Distances on the earth, pure: the bounding box that prefilters a radius search, and haversine. */

export const EARTH_RADIUS_KM = 6371.0088;
export const MAX_RADIUS_KM = 500;
const KM_PER_DEGREE = (Math.PI * EARTH_RADIUS_KM) / 180;

export interface GeoPoint {
  lat: number;
  lng: number;
}

/** Longitude ranges (one, or two when the box crosses the antimeridian), or null for "any". */
export interface BoundingBox {
  minLat: number;
  maxLat: number;
  lngRanges: [number, number][] | null;
}

/** A box holding every point within `radiusKm` of `center` (it holds more; the exact distance filters). */
export function boundingBox(center: GeoPoint, radiusKm: number): BoundingBox {
  const dLat = radiusKm / KM_PER_DEGREE;
  const minLat = center.lat - dLat;
  const maxLat = center.lat + dLat;
  if (minLat <= -90 || maxLat >= 90) return { minLat: Math.max(minLat, -90), maxLat: Math.min(maxLat, 90), lngRanges: null };
  // The widest longitude span is at the latitude of the box farthest from the equator.
  const widest = Math.max(Math.abs(minLat), Math.abs(maxLat));
  const dLng = radiusKm / (KM_PER_DEGREE * Math.cos((widest * Math.PI) / 180));
  if (dLng >= 180) return { minLat, maxLat, lngRanges: null };
  const west = center.lng - dLng;
  const east = center.lng + dLng;
  if (west < -180) return { minLat, maxLat, lngRanges: [[west + 360, 180], [-180, east]] };
  if (east > 180) return { minLat, maxLat, lngRanges: [[west, 180], [-180, east - 360]] };
  return { minLat, maxLat, lngRanges: [[west, east]] };
}

/** Great-circle distance in km (the same formula the SQL query uses). */
export function haversineKm(a: GeoPoint, b: GeoPoint): number {
  const rad = (d: number) => (d * Math.PI) / 180;
  const h = Math.sin(rad(b.lat - a.lat) / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(rad(b.lng - a.lng) / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}
