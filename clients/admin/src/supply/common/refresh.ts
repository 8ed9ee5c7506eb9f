import { useCallback, useEffect, useRef } from 'react';

/**
 * Keeps a list in step with a subscription. Events about rows the list shows update the cache by
 * themselves; one about an unknown row needs the list again. An event that arrives while that
 * refetch runs asks for one more, since the running response may predate it and overwrite it.
 * Call the answer with `needed` = whether this event's row is unknown to the list.
 */
export function useListRefresher(refetch: () => Promise<unknown>) {
  const latest = useRef(refetch);
  useEffect(() => {
    latest.current = refetch;
  }, [refetch]);
  const state = useRef({ running: false, again: false });
  return useCallback((needed: boolean) => {
    const s = state.current;
    if (s.running) {
      s.again = true;
      return;
    }
    if (!needed) return;
    s.running = true;
    const run = (): void => {
      s.again = false;
      void latest.current().finally(() => {
        if (s.again) run();
        else s.running = false;
      });
    };
    run();
  }, []);
}
