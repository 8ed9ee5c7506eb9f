/** A secret (API key, webhook signing secret) shown this once, with a copy button. */
import { Alert, Button, Dialog, DialogActions, DialogContent, DialogTitle, IconButton, InputAdornment, TextField, Tooltip } from '@mui/material';
import ContentCopy from '@mui/icons-material/ContentCopy';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

export function SecretDialog({ secret, title, onClose }: { secret: string | null; title: string; onClose(): void }) {
  const { t } = useTranslation();
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    if (!secret) return;
    try {
      await navigator.clipboard.writeText(secret);
      setCopied(true);
    } catch {
      setCopied(false); // clipboard refused (insecure context): the field stays selectable
    }
  };
  const close = () => {
    setCopied(false);
    onClose();
  };
  return (
    <Dialog open={secret !== null} aria-labelledby="secret-title" data-testid="secret-dialog" maxWidth="sm" fullWidth>
      <DialogTitle id="secret-title">{title}</DialogTitle>
      <DialogContent>
        <Alert severity="warning" sx={{ mb: 2 }}>
          {t('core.secretOnce')}
        </Alert>
        <TextField
          fullWidth
          label={t('core.secret')}
          value={secret ?? ''}
          slotProps={{
            htmlInput: { readOnly: true, 'data-testid': 'secret-value', style: { fontFamily: 'monospace' } },
            input: {
              endAdornment: (
                <InputAdornment position="end">
                  <Tooltip title={t('core.copy')}>
                    <IconButton aria-label={t('core.copy')} onClick={() => void copy()} data-testid="copy-secret" edge="end">
                      <ContentCopy />
                    </IconButton>
                  </Tooltip>
                </InputAdornment>
              ),
            },
          }}
          onFocus={(e) => e.target.select()}
        />
        {copied ? (
          <Alert severity="success" sx={{ mt: 2 }} role="status">
            {t('core.copied')}
          </Alert>
        ) : null}
      </DialogContent>
      <DialogActions>
        <Button variant="contained" onClick={close} data-testid="secret-done">
          {t('core.secretStored')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
