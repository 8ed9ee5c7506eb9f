import { Alert, Box, Typography } from '@mui/material';
import { useTranslation } from 'react-i18next';

/** The page a person sees for a section or a record that is not theirs. */
export function NotAllowed() {
  const { t } = useTranslation();
  return (
    <Box data-testid="not-allowed">
      <Typography variant="h5" component="h1" gutterBottom>
        {t('common.notAllowed')}
      </Typography>
      <Alert severity="warning">{t('errors.FORBIDDEN')}</Alert>
    </Box>
  );
}
