/**
 * One mutation at a time from a form, dialog or button: busy state, what went wrong (a thrown API
 * error or the payload's `errors`), kept for the ErrorAlert and the fields it names, and, given
 * `notify`, the success message of each action (every page reports the same way).
 */
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PayloadError } from '@miw/client-shared';
import { ErrorAlert } from './ErrorAlert';

interface Problem {
  error?: unknown;
  errors?: readonly PayloadError[];
}

export function useAction(notify?: (text: string) => void) {
  const { t } = useTranslation();
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);

  /** Runs `call`; answers its result (and shows `success`), or null when it threw or its payload has errors. */
  const run = useCallback(async <T,>(call: () => Promise<T>, errorsOf: (result: T) => readonly PayloadError[] | null | undefined, success?: string): Promise<T | null> => {
    setBusy(true);
    setProblem(null);
    try {
      const result = await call();
      const errors = errorsOf(result) ?? [];
      if (errors.length) {
        setProblem({ errors });
        return null;
      }
      if (success !== undefined) notify?.(success);
      return result;
    } catch (error) {
      setProblem({ error });
      return null;
    } finally {
      setBusy(false);
    }
  }, [notify]);

  const clear = useCallback(() => setProblem(null), []);

  /** Props of the input named `field` (e.g. `input.sku`) when a payload error is about it. */
  const fieldProps = (field: string, hint?: string) => {
    const hit = problem?.errors?.find((e) => e.field === field || e.field?.startsWith(`${field}.`));
    return hit ? { error: true, helperText: t(`errors.${hit.code}`, { defaultValue: t('errors.INVALID') }) } : hint ? { helperText: hint } : {};
  };

  const alert = <ErrorAlert error={problem?.error} payloadErrors={problem?.errors ?? null} onClose={clear} />;
  return { busy, problem, run, clear, fieldProps, alert };
}
