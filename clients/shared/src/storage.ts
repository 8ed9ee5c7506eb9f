/** Key-value storage the clients persist to: localStorage on the web, AsyncStorage on phones. */
export interface KeyValueStorage {
  getItem(key: string): Promise<string | null> | string | null;
  setItem(key: string, value: string): Promise<void> | void;
  removeItem(key: string): Promise<void> | void;
}

/** In-memory storage (tests, private browsing where localStorage throws). */
export function memoryStorage(): KeyValueStorage {
  const map = new Map<string, string>();
  return { getItem: (k) => map.get(k) ?? null, setItem: (k, v) => void map.set(k, v), removeItem: (k) => void map.delete(k) };
}

/** The browser's localStorage, or memory where it is unavailable (quota, privacy mode). */
export function webStorage(): KeyValueStorage {
  try {
    const ls = globalThis.localStorage;
    const probe = '__miw_probe__';
    ls.setItem(probe, '1');
    ls.removeItem(probe);
    return {
      getItem: (k) => ls.getItem(k),
      setItem: (k, v) => {
        try {
          ls.setItem(k, v);
        } catch {
          /* over quota: the value just isn't kept */
        }
      },
      removeItem: (k) => ls.removeItem(k),
    };
  } catch {
    return memoryStorage();
  }
}
