/**
 * Topic names: `<prefix><region>.<domain>.<entity>.v1`. The prefix isolates test runs on a shared
 * broker. Event topics are named through their contracts (see contract.ts) and dead-letter topics
 * through the functions below: this is the only place the naming rules live.
 */
import type { RegionCode } from './regions';

export function topicName(region: RegionCode, domain: string, entity: string, prefix = ''): string {
  return `${prefix}${region}.${domain}.${entity.toLowerCase()}.v1`;
}

/**
 * The dead-letter topic of one consumer in its region, `<prefix><region>.dlq.<consumer>.v1`: what
 * it could not read (not an envelope, or not matching its contract), with the reason.
 */
export function deadLetterTopic(region: RegionCode, consumer: string, prefix = ''): string {
  return `${prefix}${region}.dlq.${consumer}.v1`;
}

/** The sync worker's dead-letter topic of one direction, `<prefix>sync.dlq.<from>-to-<to>.v1`. */
export function syncDeadLetterTopic(from: RegionCode, to: RegionCode, prefix = ''): string {
  return `${prefix}sync.dlq.${from}-to-${to}.v1`;
}
