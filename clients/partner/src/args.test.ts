import { DEFAULT_ENDPOINT, parseCliArgs, USAGE } from './args';

const STORE = '5707E000-0000-4000-8000-000000000001';
const env = { MIW_API_KEY: 'miw_env' };

describe('parseCliArgs', () => {
  it('watch shipments: key from MIW_API_KEY, the EU development gateway by default', () => {
    expect(parseCliArgs(['watch', 'shipments'], env)).toEqual({
      ok: true,
      command: { kind: 'watch', stream: 'shipments', storeId: null, endpoint: DEFAULT_ENDPOINT, apiKey: 'miw_env' },
      warnings: [],
    });
  });

  it('watch inventory|orders --store: the store id normalized to lower case', () => {
    for (const stream of ['inventory', 'orders'] as const) {
      const parsed = parseCliArgs(['watch', stream, '--store', STORE], env);
      expect(parsed).toMatchObject({ ok: true, command: { kind: 'watch', stream, storeId: STORE.toLowerCase() } });
    }
  });

  it('--endpoint and --api-key win over the environment; --api-key warns (visible in ps)', () => {
    const parsed = parseCliArgs(['watch', 'orders', '--store', STORE, '--endpoint', 'https://api.example/graphql', '--api-key', 'miw_arg'], { ...env, MIW_ENDPOINT: 'http://other/graphql' });
    expect(parsed).toMatchObject({ ok: true, command: { endpoint: 'https://api.example/graphql', apiKey: 'miw_arg' } });
    expect(parsed.ok && parsed.warnings).toEqual([expect.stringContaining('MIW_API_KEY')]);
    expect(parseCliArgs(['watch', 'shipments'], { ...env, MIW_ENDPOINT: 'wss://cn.example/graphql' })).toMatchObject({ ok: true, command: { endpoint: 'wss://cn.example/graphql' } });
  });

  it('webhooks verify: secrets from --secret (repeatable) or MIW_WEBHOOK_SECRET (commas), stdin without --file', () => {
    expect(parseCliArgs(['webhooks', 'verify', '--file', 'd.json', '--secret', 'whsec_a', '--secret', 'whsec_b'], {})).toMatchObject({
      ok: true,
      command: { kind: 'verify', file: 'd.json', secrets: ['whsec_a', 'whsec_b'], toleranceSeconds: 300 },
    });
    expect(parseCliArgs(['webhooks', 'verify'], { MIW_WEBHOOK_SECRET: 'whsec_old, whsec_new' })).toEqual({
      ok: true,
      command: { kind: 'verify', file: '-', secrets: ['whsec_old', 'whsec_new'], toleranceSeconds: 300 },
      warnings: [],
    });
    expect(parseCliArgs(['webhooks', 'verify', '--tolerance', '60'], { MIW_WEBHOOK_SECRET: 'whsec_a' })).toMatchObject({ ok: true, command: { toleranceSeconds: 60 } });
    expect(parseCliArgs(['webhooks', 'verify', '--ignore-timestamp'], { MIW_WEBHOOK_SECRET: 'whsec_a' })).toMatchObject({ ok: true, command: { toleranceSeconds: Infinity } });
  });

  it('help', () => {
    for (const argv of [['--help'], ['-h'], ['help'], ['watch', '--help']]) expect(parseCliArgs(argv, {})).toEqual({ ok: true, command: { kind: 'help', text: USAGE }, warnings: [] });
  });

  it.each([
    [[], 'no command given'],
    [['follow'], 'unknown command "follow"'],
    [['watch'], 'watch what? One of: shipments, inventory, orders'],
    [['watch', 'parcels'], 'unknown stream "parcels"'],
    [['watch', 'shipments', 'extra'], 'unexpected argument "extra"'],
    [['watch', 'shipments', '--store', STORE], 'watch shipments does not take --store'],
    [['watch', 'inventory'], 'watch inventory needs --store ID'],
    [['watch', 'orders', '--store', 'berlin'], '--store must be a store id (a UUID), not "berlin"'],
    [['watch', 'shipments', '--endpoint', 'ftp://x/graphql'], 'the endpoint must be an http(s) or ws(s) URL, not ftp:'],
    [['watch', 'shipments', '--endpoint', 'localhost'], 'the endpoint is not a URL: localhost'],
    [['watch', 'shipments', '--secret', 'whsec_a'], 'watch shipments does not take --secret'],
    [['watch', 'shipments', '--verbose'], "Unknown option '--verbose'"],
    [['watch', 'inventory', '--store'], "Option '--store <value>' argument missing"],
    [['webhooks'], 'webhooks what?'],
    [['webhooks', 'check'], 'unknown webhooks command "check"'],
    [['webhooks', 'verify', '--store', STORE, '--secret', 'whsec_a'], 'webhooks verify does not take --store'],
    [['webhooks', 'verify', '--tolerance', '5m', '--secret', 'whsec_a'], '--tolerance must be a number of seconds'],
    [['webhooks', 'verify', '--tolerance', '5', '--ignore-timestamp', '--secret', 'whsec_a'], '--tolerance and --ignore-timestamp exclude each other'],
  ])('%j is a usage error: %s', (argv, message) => {
    const parsed = parseCliArgs(argv, env);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.message).toContain(message);
  });

  it('needs a key to watch and a secret to verify', () => {
    expect(parseCliArgs(['watch', 'shipments'], {})).toEqual({ ok: false, message: 'no API key: set MIW_API_KEY (or pass --api-key KEY)' });
    expect(parseCliArgs(['webhooks', 'verify', '--file', 'd.json'], { MIW_WEBHOOK_SECRET: ' , ' })).toEqual({ ok: false, message: 'no secret: set MIW_WEBHOOK_SECRET (or pass --secret whsec_...)' });
  });
});
