import { Alert } from '@mui/material';
import type { PayloadError } from '@miw/client-shared';
import { useErrorText } from '@miw/client-shared/react';

/** An API error (thrown or payload errors) in the person's language; nothing when there is none. */
export function ErrorAlert({ error, payloadErrors, onClose }: { error?: unknown; payloadErrors?: readonly PayloadError[] | null; onClose?: () => void }) {
  const errorText = useErrorText();
  const text = errorText(error ?? null, payloadErrors ?? []);
  if (!text) return null;
  return (
    <Alert severity="error" role="alert" data-testid="error" sx={{ mb: 2 }} {...(onClose ? { onClose } : {})}>
      {text}
    </Alert>
  );
}
