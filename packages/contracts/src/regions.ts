/** The deployment regions, and which one masters global data. The only definition in the project. */
export const REGIONS = ['eu', 'cn'] as const;
export type RegionCode = (typeof REGIONS)[number];

/** Global data (catalog; users are writable in both) is mastered in EU; CN holds a mirror. */
export const MASTER_REGION: RegionCode = 'eu';

export const isRegion = (value: unknown): value is RegionCode => REGIONS.includes(value as RegionCode);

/** Reads a region name in any case ('EU', 'eu'); throws on anything else. */
export function toRegion(value: string): RegionCode {
  const region = value.toLowerCase();
  if (!isRegion(region)) throw new Error(`unknown region ${value}; expected one of ${REGIONS.join(', ')}`);
  return region;
}
