import { InMemoryCache, gql } from '@apollo/client';
import { persistApolloCache } from './persist';
import { memoryStorage } from './storage';

const QUERY = gql`
  query Cart {
    cart {
      id
      lines
    }
  }
`;

describe('persistApolloCache', () => {
  it('writes the cache after changes and restores it in a new cache (the offline case)', async () => {
    const storage = memoryStorage();
    const cache = new InMemoryCache();
    const persisted = await persistApolloCache(cache, storage, { key: 'k', debounceMs: 5 });
    cache.writeQuery({ query: QUERY, data: { cart: { __typename: 'Cart', id: 'c1', lines: 2 } } });
    await persisted.flush();
    const next = new InMemoryCache();
    await persistApolloCache(next, storage, { key: 'k' });
    expect(next.readQuery({ query: QUERY })).toEqual({ cart: { __typename: 'Cart', id: 'c1', lines: 2 } });
  });

  it('drops an unreadable or oversized snapshot instead of half-using it', async () => {
    const storage = memoryStorage();
    await storage.setItem('k', '{broken');
    const cache = new InMemoryCache();
    const persisted = await persistApolloCache(cache, storage, { key: 'k', maxBytes: 10 });
    expect(await storage.getItem('k')).toBeNull();
    cache.writeQuery({ query: QUERY, data: { cart: { __typename: 'Cart', id: 'c1', lines: 2 } } });
    await persisted.flush();
    expect(await storage.getItem('k')).toBeNull();
  });
});
