/**
 * One mutation at a time: busy state, the translated problem (thrown error or payload `errors[]`)
 * and a success message in the page's snackbar, so every action of the supply pages reports the
 * same way.
 */
import { Alert, Snackbar } from '@mui/material';
import { useCallback, useState } from 'react';
import type { PayloadError } from '@miw/client-shared';
import { ErrorAlert } from '../../ui';

interface Problem {
  error?: unknown;
  errors?: readonly PayloadError[];
}

/** A success message at the bottom of the page; owned by the page so it outlives a closing dialog. */
export function useNotice() {
  const [done, setDone] = useState<string | null>(null);
  const notify = useCallback((text: string) => setDone(text), []);
  const snackbar = (
    <Snackbar open={done !== null} autoHideDuration={5000} onClose={() => setDone(null)} anchorOrigin={{ vertical: 'bottom', horizontal: 'center' }}>
      <Alert severity="success" variant="filled" onClose={() => setDone(null)} data-testid="supply-success" sx={{ width: '100%' }}>
        {done}
      </Alert>
    </Snackbar>
  );
  return { notify, snackbar };
}

/** `notify`: the page's notice (see useNotice), which shows the success message. */
export function useAction(notify: (text: string) => void) {
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);

  /** Runs `call`; on success shows `success` and answers the result, else shows the problem and answers null. */
  const run = useCallback(async <T,>(call: () => Promise<T>, errorsOf: (result: T) => readonly PayloadError[] | null | undefined, success: string): Promise<T | null> => {
    setBusy(true);
    setProblem(null);
    try {
      const result = await call();
      const errors = errorsOf(result) ?? [];
      if (errors.length > 0) {
        setProblem({ errors });
        return null;
      }
      notify(success);
      return result;
    } catch (error) {
      setProblem({ error });
      return null;
    } finally {
      setBusy(false);
    }
  }, [notify]);

  const clear = useCallback(() => setProblem(null), []);
  const alert = <ErrorAlert error={problem?.error} payloadErrors={problem?.errors ?? null} onClose={clear} />;
  return { busy, run, alert };
}
