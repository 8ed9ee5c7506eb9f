import { DEVELOPMENT_CONFIG, loadClientConfig, parseClientConfig, webSocketUrl } from './config';

describe('client config', () => {
  it('takes valid endpoints and falls back on anything else', () => {
    expect(parseClientConfig({ endpoints: { eu: 'https://eu.example/graphql', cn: 'javascript:alert(1)' }, defaultRegion: 'cn' })).toEqual({
      endpoints: { eu: 'https://eu.example/graphql', cn: DEVELOPMENT_CONFIG.endpoints.cn },
      defaultRegion: 'cn',
    });
    expect(parseClientConfig('nope')).toBe(DEVELOPMENT_CONFIG);
    expect(parseClientConfig({ defaultRegion: 'us' }).defaultRegion).toBe('eu');
  });

  it('loads /config.json, or the development defaults when it is missing or the network fails', async () => {
    const ok = jest.fn(async () => new Response(JSON.stringify({ endpoints: { eu: 'http://a/graphql', cn: 'http://b/graphql' }, defaultRegion: 'eu' })));
    expect((await loadClientConfig('/config.json', ok)).endpoints.cn).toBe('http://b/graphql');
    expect(await loadClientConfig('/config.json', async () => new Response('', { status: 404 }))).toBe(DEVELOPMENT_CONFIG);
    expect(
      await loadClientConfig('/config.json', async () => {
        throw new TypeError('offline');
      }),
    ).toBe(DEVELOPMENT_CONFIG);
  });

  it('derives the WebSocket URL from the HTTP one', () => {
    expect(webSocketUrl('https://api.example/graphql')).toBe('wss://api.example/graphql');
    expect(webSocketUrl('http://localhost:4000/graphql')).toBe('ws://localhost:4000/graphql');
  });
});
