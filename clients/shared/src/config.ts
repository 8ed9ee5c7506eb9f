/**
 * Where the clients find the API: one gateway URL per region. A web build reads `/config.json`
 * from the server that serves it (npm start writes it with the gateways it started), so one build
 * runs against any deployment; without it the development gateways are assumed.
 */
export type RegionCode = 'eu' | 'cn';
export const REGIONS: readonly RegionCode[] = ['eu', 'cn'];

export interface ClientConfig {
  /** GraphQL URL (HTTP; the WebSocket URL is the same with ws:/wss:) of each region's gateway. */
  endpoints: Record<RegionCode, string>;
  /** The region a new visitor starts in. */
  defaultRegion: RegionCode;
}

export const DEVELOPMENT_CONFIG: ClientConfig = {
  endpoints: { eu: 'http://localhost:4000/graphql', cn: 'http://localhost:4100/graphql' },
  defaultRegion: 'eu',
};

export const isRegion = (value: unknown): value is RegionCode => value === 'eu' || value === 'cn';

/** Validates a parsed config document; unknown or malformed parts fall back to the defaults. */
export function parseClientConfig(value: unknown, fallback: ClientConfig = DEVELOPMENT_CONFIG): ClientConfig {
  if (!value || typeof value !== 'object') return fallback;
  const raw = value as { endpoints?: Record<string, unknown>; defaultRegion?: unknown };
  const endpoints = { ...fallback.endpoints };
  for (const region of REGIONS) {
    const url = raw.endpoints?.[region];
    if (typeof url === 'string' && /^https?:\/\//.test(url)) endpoints[region] = url;
  }
  return { endpoints, defaultRegion: isRegion(raw.defaultRegion) ? raw.defaultRegion : fallback.defaultRegion };
}

/** The config served beside the app (`/config.json`), or the development defaults. */
export async function loadClientConfig(url = '/config.json', fetchImpl: typeof fetch = fetch): Promise<ClientConfig> {
  try {
    const res = await fetchImpl(url, { cache: 'no-store' });
    return res.ok ? parseClientConfig(await res.json()) : DEVELOPMENT_CONFIG;
  } catch {
    return DEVELOPMENT_CONFIG;
  }
}

/** The graphql-ws URL of a GraphQL HTTP URL (same host, path and port). */
export const webSocketUrl = (httpUrl: string): string => httpUrl.replace(/^http/, 'ws');
