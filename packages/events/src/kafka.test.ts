import { logLevel } from 'kafkajs';
import { isRetriableKafkaError, kafkaLogLevel } from './kafka';

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

describe('kafkaLogLevel', () => {
  it('logs answers of a settling broker as warnings, other error responses as errors', () => {
    expect(kafkaLogLevel(logLevel.ERROR, 'Response ListOffsets(key: 2, version: 3)', 'This server is not the leader for that topic-partition')).toBe('warn');
    expect(kafkaLogLevel(logLevel.ERROR, 'Response Metadata(key: 3, version: 6)', 'This server does not host this topic-partition')).toBe('warn');
    expect(kafkaLogLevel(logLevel.ERROR, 'Response CreateTopics(key: 19, version: 3)', 'Topic authorization failed')).toBe('error');
    expect(kafkaLogLevel(logLevel.ERROR, 'Crash: KafkaJSNumberOfRetriesExceeded', undefined)).toBe('error');
  });

  it('keeps warnings, lowers the rest to debug, and drops the idempotent-producer notice', () => {
    expect(kafkaLogLevel(logLevel.WARN, 'Connection timeout', undefined)).toBe('warn');
    expect(kafkaLogLevel(logLevel.INFO, 'Consumer has joined the group', undefined)).toBe('debug');
    expect(kafkaLogLevel(logLevel.WARN, 'Limiting retries for the idempotent producer to Number.MAX_SAFE_INTEGER', undefined)).toBeUndefined();
  });
});
