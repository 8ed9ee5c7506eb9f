/** A short confirmation after a successful change (one per page). */
import { Alert, Snackbar } from '@mui/material';
import { useCallback, useState } from 'react';

export function useSnackbar() {
  const [message, setMessage] = useState<string | null>(null);
  const notify = useCallback((text: string) => setMessage(text), []);
  const snackbar = (
    <Snackbar open={message !== null} autoHideDuration={5000} onClose={() => setMessage(null)} anchorOrigin={{ vertical: 'bottom', horizontal: 'center' }}>
      <Alert severity="success" variant="filled" onClose={() => setMessage(null)} data-testid="snackbar" sx={{ width: '100%' }}>
        {message}
      </Alert>
    </Snackbar>
  );
  return { notify, snackbar };
}
