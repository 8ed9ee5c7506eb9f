import { Chip } from '@mui/material';
import { darken } from '@mui/material/styles';
import { useTranslation } from 'react-i18next';

export type StatusKind = 'order' | 'shipment' | 'stockRequest';

type Tone = 'info' | 'primary' | 'success' | 'error' | 'warning';

const colors: Record<string, Tone> = {
  REQUESTED: 'info',
  APPROVED: 'primary',
  ACKNOWLEDGED: 'primary',
  SHIPPED: 'success',
  REJECTED: 'error',
  PICKED_UP: 'info',
  IN_TRANSIT: 'info',
  OUT_FOR_DELIVERY: 'primary',
  DELIVERED: 'success',
  EXCEPTION: 'warning',
  PLACED: 'info',
  CONFIRMED: 'primary',
  READY_FOR_PICKUP: 'primary',
  FULFILLED: 'success',
  REFUNDED: 'warning',
};

/** A status in words (the raw value stays in `data-status` for tests). */
export function StatusChip({ kind, status, testId }: { kind: StatusKind; status: string; testId?: string }) {
  const { t } = useTranslation();
  const tone = colors[status];
  return (
    <Chip
      size="small"
      variant="outlined"
      label={t(`supply.status.${kind}.${status}`)}
      data-status={status}
      {...(testId ? { 'data-testid': testId } : {})}
      // A darkened (light theme) or light (dark theme) shade keeps small text readable (contrast >= 4.5:1; warning's own dark is not).
      sx={tone ? (th) => ({ color: th.palette.mode === 'dark' ? th.palette[tone].light : darken(th.palette[tone].dark, 0.2), borderColor: 'currentColor' }) : undefined}
    />
  );
}
