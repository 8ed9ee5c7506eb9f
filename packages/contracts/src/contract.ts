/**
 * Event contracts: one per topic, naming its domain, entity, version, the envelope types it
 * carries and the zod schema of its payload. Producers build outbox messages through
 * `contract.message(...)` (the payload is checked by its type, and parsed in tests); consumers read
 * with `contract.parse(envelope)`, which throws `InvalidEventError` with the reason, for the
 * dead-letter topic.
 *
 * Versioning: a contract is `<domain>.<entity>.v<N>`, published on the topic of the same name per
 * region. A change a consumer could not read as before (a field removed, renamed or retyped) is a
 * new contract with N + 1 on its own topic; adding an optional field is not.
 */
import type { z } from 'zod';
import { createEnvelope, type EventEnvelope, type NewEvent } from './envelope';
import type { RegionCode } from './regions';
import { topicName } from './topics';

/** An event ready for the outbox: the row every domain's `outbox` table stores. */
export interface OutboxMessage {
  eventId: string;
  /** Logical topic (a test prefix is added by the relay). */
  topic: string;
  /** Partition key: the entity id, so one entity's events stay in order. */
  key: string;
  type: string;
  envelope: EventEnvelope;
}

export class InvalidEventError extends Error {
  override name = 'InvalidEventError';
}

export interface EventContractSpec<S extends z.ZodType, V extends string> {
  domain: string;
  /** The topic's entity part, e.g. `product`, `inventory_level`. */
  topic: string;
  /** Envelope `entity`: the GraphQL type name, e.g. `Product`. */
  entity: string;
  /** The verbs of `<domain>.<topic>.<verb>` envelope types carried by the topic. */
  verbs: readonly V[];
  payload: S;
}

export interface EventContract<S extends z.ZodType = z.ZodType, V extends string = string> {
  /** `<domain>.<topic>.v1`, e.g. `catalog.product.v1`. */
  readonly name: string;
  readonly domain: string;
  readonly entity: string;
  readonly verbs: readonly V[];
  readonly payload: S;
  /** The topic of the events of `region`. */
  topic(region: RegionCode, prefix?: string): string;
  /** The envelope type of a verb: `<domain>.<topic>.<verb>`. */
  type(verb: V): string;
  /** An outbox message of this contract (its payload is the contract's input shape). */
  message(verb: V, event: Omit<NewEvent<z.input<S>>, 'type' | 'entity'>): OutboxMessage;
  /** Checks a received envelope against the contract: known type, valid payload. */
  parse(envelope: EventEnvelope): EventEnvelope<z.output<S>>;
}

export function defineEvent<S extends z.ZodType, V extends string>(spec: EventContractSpec<S, V>): EventContract<S, V> {
  const prefix = `${spec.domain}.${spec.topic}.`;
  const types = new Set(spec.verbs.map((verb) => prefix + verb));
  return {
    name: `${spec.domain}.${spec.topic}.v1`,
    domain: spec.domain,
    entity: spec.entity,
    verbs: spec.verbs,
    payload: spec.payload,
    topic: (region, topicPrefix = '') => topicName(region, spec.domain, spec.topic, topicPrefix),
    type: (verb) => prefix + verb,
    message(verb, event) {
      const envelope = createEnvelope({ ...event, type: prefix + verb, entity: spec.entity });
      return { eventId: envelope.eventId, topic: topicName(event.originRegion, spec.domain, spec.topic), key: envelope.entityId, type: envelope.type, envelope };
    },
    parse(envelope) {
      if (!types.has(envelope.type)) throw new InvalidEventError(`${envelope.type} is not an event type of ${spec.domain}.${spec.topic}.v1`);
      if (envelope.entity !== spec.entity) throw new InvalidEventError(`entity ${envelope.entity} is not ${spec.entity}`);
      const result = spec.payload.safeParse(envelope.payload);
      if (!result.success) {
        const problems = result.error.issues.map((issue) => `${issue.path.join('.') || 'payload'}: ${issue.message}`);
        throw new InvalidEventError(`payload of ${envelope.type} does not match ${spec.domain}.${spec.topic}.v1: ${problems.slice(0, 5).join('; ')}`);
      }
      return { ...envelope, payload: result.data as z.output<S> };
    },
  };
}

/** Finds the contract of a topic among `contracts` (consumers of several topics dispatch with it). */
export function contractOfTopic(contracts: readonly EventContract[], topic: string, region: RegionCode, prefix = ''): EventContract | undefined {
  return contracts.find((c) => c.topic(region, prefix) === topic);
}
