/** The supply pages' success message (what `useAction(notify)` reports), in a snackbar of the page. */
import { Alert, Snackbar } from '@mui/material';
import { useCallback, useState } from 'react';

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
