import { Chip, type ChipProps } from '@mui/material';

/** A status as a small chip; `value` goes to data-status for tests. */
export function StatusChip({ label, value, color = 'default', testId = 'status' }: { label: string; value: string; color?: ChipProps['color']; testId?: string }) {
  return <Chip size="small" label={label} color={color} variant={color === 'default' ? 'outlined' : 'filled'} data-testid={testId} data-status={value} />;
}
