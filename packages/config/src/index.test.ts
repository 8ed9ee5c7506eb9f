import { ConfigError, DomainServiceEnv, parseEnv, requireSecret } from './index';

describe('parseEnv', () => {
  const valid = {
    REGION: 'eu',
    PORT: '4002',
    DATABASE_URL: 'postgresql://postgres@127.0.0.1:5432/madeinworld_eu',
    KAFKA_BROKERS: '127.0.0.1:9092, 127.0.0.1:9093',
    INTERNAL_TOKEN_SECRET: 'x'.repeat(32),
  };

  it('parses and applies defaults', () => {
    const env = parseEnv('catalog', DomainServiceEnv, valid);
    expect(env).toMatchObject({ REGION: 'eu', PORT: 4002, NODE_ENV: 'development', DB_POOL_MAX: 10 });
    expect(env.KAFKA_BROKERS).toEqual(['127.0.0.1:9092', '127.0.0.1:9093']);
  });

  it('listens on loopback and serves no ops port unless configured', () => {
    expect(parseEnv('catalog', DomainServiceEnv, valid)).toMatchObject({ HOST: '127.0.0.1', OPS_PORT: 0, OPS_HOST: '127.0.0.1' });
    expect(parseEnv('catalog', DomainServiceEnv, { ...valid, HOST: '0.0.0.0', OPS_PORT: '9464', OPS_TOKEN: 'o'.repeat(32) })).toMatchObject({ HOST: '0.0.0.0', OPS_PORT: 9464, OPS_TOKEN: 'o'.repeat(32) });
    expect(() => parseEnv('catalog', DomainServiceEnv, { ...valid, OPS_TOKEN: 'short-secret' })).toThrow(/OPS_TOKEN="\*\*\*": must be at least 32 characters/);
  });

  it('reports every problem at once, with secrets redacted', () => {
    let caught: unknown;
    try {
      parseEnv('catalog', DomainServiceEnv, { REGION: 'us', PORT: 'x', DATABASE_URL: 'mysql://u:hunter2@h/db', KAFKA_BROKERS: 'nope' });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    const { problems, message } = caught as ConfigError;
    expect(problems.map((p) => p.split(/[=:]/)[0])).toEqual(expect.arrayContaining(['REGION', 'PORT', 'DATABASE_URL', 'KAFKA_BROKERS']));
    expect(message).not.toContain('hunter2');
  });
});

describe('secrets, one per purpose', () => {
  const base = { REGION: 'eu', PORT: '4001', DATABASE_URL: 'postgresql://postgres@127.0.0.1:5432/x', KAFKA_BROKERS: '127.0.0.1:9092', INTERNAL_TOKEN_SECRET: 'x'.repeat(32) };

  it('hands a service the secret it asks for, and names a missing one', () => {
    const env = parseEnv('auth', DomainServiceEnv, { ...base, LOGIN_CODE_SECRET: 'l'.repeat(32) });
    expect(requireSecret(env, 'LOGIN_CODE_SECRET', 'auth')).toBe('l'.repeat(32));
    expect(() => requireSecret(env, 'API_KEY_SECRET', 'auth')).toThrow('auth: API_KEY_SECRET is not set');
  });

  it('refuses a secret shorter than 32 characters', () => {
    expect(() => parseEnv('auth', DomainServiceEnv, { ...base, LOGIN_CODE_SEAL_SECRET: 'short' })).toThrow(ConfigError);
  });
});
