import { isRetriableKafkaError } from './kafka';

describe('isRetriableKafkaError', () => {
  it('retries what a settling broker answers', () => {
    expect(isRetriableKafkaError({ type: 'UNKNOWN_TOPIC_OR_PARTITION', retriable: true })).toBe(true);
    expect(isRetriableKafkaError({ type: 'LEADER_NOT_AVAILABLE' })).toBe(true);
    expect(isRetriableKafkaError({ type: 'NOT_LEADER_FOR_PARTITION', retriable: true })).toBe(true);
    expect(isRetriableKafkaError({ name: 'KafkaJSConnectionError' })).toBe(true);
    expect(isRetriableKafkaError({ name: 'KafkaJSAggregateError', errors: [{ type: 'TOPIC_ALREADY_EXISTS' }, { type: 'UNKNOWN_TOPIC_OR_PARTITION' }] })).toBe(true);
  });

  it('ends at once on what another attempt cannot fix', () => {
    expect(isRetriableKafkaError({ type: 'INVALID_TOPIC_EXCEPTION', retriable: false })).toBe(false);
    expect(isRetriableKafkaError({ type: 'TOPIC_AUTHORIZATION_FAILED', retriable: false })).toBe(false);
    expect(isRetriableKafkaError({ name: 'KafkaJSAggregateError', errors: [{ type: 'TOPIC_ALREADY_EXISTS' }, { type: 'INVALID_TOPIC_EXCEPTION', retriable: false }] })).toBe(false);
    expect(isRetriableKafkaError(new Error('plain'))).toBe(false);
    expect(isRetriableKafkaError(undefined)).toBe(false);
  });
});
