/**
 * Apollo cache persistence: the last pages seen (and the cart) survive a reload or a lost
 * connection. The cache is restored before the first query, and written back (debounced, at most
 * `maxBytes`) after every change. Oversized or unreadable snapshots are dropped, never half-used.
 */
import type { InMemoryCache, NormalizedCacheObject } from '@apollo/client';
import type { KeyValueStorage } from './storage';

export interface PersistOptions {
  key: string;
  /** Snapshots larger than this are not stored (the previous one is removed). Default 2 MB. */
  maxBytes?: number;
  debounceMs?: number;
}

export async function persistApolloCache(cache: InMemoryCache, storage: KeyValueStorage, opts: PersistOptions): Promise<{ flush(): Promise<void>; stop(): void }> {
  const maxBytes = opts.maxBytes ?? 2 * 1024 * 1024;
  try {
    const raw = await storage.getItem(opts.key);
    if (raw) cache.restore(JSON.parse(raw) as NormalizedCacheObject);
  } catch {
    await storage.removeItem(opts.key);
  }
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  const flush = async () => {
    clearTimeout(timer);
    timer = undefined;
    const snapshot = JSON.stringify(cache.extract());
    if (snapshot.length > maxBytes) await storage.removeItem(opts.key);
    else await storage.setItem(opts.key, snapshot);
  };
  const schedule = () => {
    if (stopped || timer) return;
    timer = setTimeout(() => void flush(), opts.debounceMs ?? 500);
  };
  // Every way the cache changes goes through one of these methods.
  for (const method of ['write', 'modify', 'evict', 'reset', 'restore'] as const) {
    const original = (cache[method] as (...args: unknown[]) => unknown).bind(cache);
    (cache as unknown as Record<string, unknown>)[method] = (...args: unknown[]) => {
      const result = original(...args);
      schedule();
      return result;
    };
  }
  return {
    flush,
    stop: () => {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
