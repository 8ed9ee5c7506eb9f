import { boundingBox, haversineKm } from './geo';

describe('haversineKm', () => {
  it('measures known distances', () => {
    expect(Math.round(haversineKm({ lat: 52.52, lng: 13.405 }, { lat: 48.8566, lng: 2.3522 }))).toBe(877); // Berlin - Paris
    expect(haversineKm({ lat: 0, lng: 179.9 }, { lat: 0, lng: -179.9 })).toBeCloseTo(22.24, 1);
    expect(haversineKm({ lat: 10, lng: 10 }, { lat: 10, lng: 10 })).toBe(0);
  });
});

describe('boundingBox', () => {
  it('holds every point of the circle', () => {
    const center = { lat: 60, lng: 10 };
    const box = boundingBox(center, 300);
    for (let bearing = 0; bearing < 360; bearing += 15) {
      // A point 299 km away in this direction (small-step walk on the sphere).
      const rad = (bearing * Math.PI) / 180;
      const d = 299 / 6371.0088;
      const lat1 = (center.lat * Math.PI) / 180;
      const lat2 = Math.asin(Math.sin(lat1) * Math.cos(d) + Math.cos(lat1) * Math.sin(d) * Math.cos(rad));
      const lng2 = (center.lng * Math.PI) / 180 + Math.atan2(Math.sin(rad) * Math.sin(d) * Math.cos(lat1), Math.cos(d) - Math.sin(lat1) * Math.sin(lat2));
      const p = { lat: (lat2 * 180) / Math.PI, lng: (lng2 * 180) / Math.PI };
      expect(p.lat).toBeGreaterThanOrEqual(box.minLat);
      expect(p.lat).toBeLessThanOrEqual(box.maxLat);
      expect(box.lngRanges!.some(([w, e]) => p.lng >= w && p.lng <= e)).toBe(true);
    }
  });

  it('wraps across the antimeridian and drops the longitude bound near a pole', () => {
    expect(boundingBox({ lat: 0, lng: 179.5 }, 100).lngRanges).toEqual([
      [expect.closeTo(178.6, 1), 180],
      [-180, expect.closeTo(-179.6, 1)],
    ]);
    expect(boundingBox({ lat: 0, lng: -179.5 }, 100).lngRanges).toHaveLength(2);
    expect(boundingBox({ lat: 89.5, lng: 0 }, 100)).toMatchObject({ maxLat: 90, lngRanges: null });
  });
});
