/**
 * Topic names: `<prefix><region>.<domain>.<entity>.v1`. The prefix isolates test runs on a shared
 * broker. Every topic of the project is named through an event contract (see contract.ts), so this
 * is the only place the naming rule lives.
 */
import type { RegionCode } from './regions';

export function topicName(region: RegionCode, domain: string, entity: string, prefix = ''): string {
  return `${prefix}${region}.${domain}.${entity.toLowerCase()}.v1`;
}
