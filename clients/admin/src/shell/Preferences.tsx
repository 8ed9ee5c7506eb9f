/** Region and language choosers (login page and app bar). A signed-in person's language is saved to their account. */
import { MenuItem, Stack, TextField } from '@mui/material';
import { useMutation } from '@apollo/client/react';
import { useTranslation } from 'react-i18next';
import { REGIONS, isLocale, isRegion, LOCALES, operations } from '@miw/client-shared';
import { useMiw } from '@miw/client-shared/react';

export function Preferences({ dense }: { dense?: boolean }) {
  const { t } = useTranslation();
  const { region, setRegion, locale, setLocale, session, sessions } = useMiw();
  const [updateMe] = useMutation(operations.UpdateMeDocument);
  const changeLocale = (next: string) => {
    if (!isLocale(next)) return;
    setLocale(next);
    if (session) void updateMe({ variables: { input: { locale: next } } }).then(() => sessions.updateUser({ locale: next }), () => undefined);
  };
  const size = dense ? 'small' : 'medium';
  return (
    <Stack direction="row" spacing={1}>
      <TextField select size={size} label={t('common.region')} value={region} onChange={(e) => isRegion(e.target.value) && setRegion(e.target.value)} slotProps={{ select: { SelectDisplayProps: { 'data-testid': 'region-switch' } as object } }} sx={{ minWidth: 140 }}>
        {REGIONS.map((r) => (
          <MenuItem key={r} value={r} data-testid={`region-${r}`}>
            {t(`common.regions.${r}`)}
          </MenuItem>
        ))}
      </TextField>
      <TextField select size={size} label={t('common.language')} value={locale} onChange={(e) => changeLocale(e.target.value)} slotProps={{ select: { SelectDisplayProps: { 'data-testid': 'language-switch' } as object } }} sx={{ minWidth: 120 }}>
        {LOCALES.map((l) => (
          <MenuItem key={l} value={l} data-testid={`language-${l}`}>
            {t(`common.languages.${l}`)}
          </MenuItem>
        ))}
      </TextField>
    </Stack>
  );
}
