/**
 * Inventory of one store (`inventory/:storeId`), with a store picker: levels update live from
 * `inventoryLevelChanged`; adjust a level (delta + reason) or set its low-stock threshold.
 */
import { Alert, Box, Button, Chip, Dialog, DialogActions, DialogContent, DialogTitle, MenuItem, Stack, TextField } from '@mui/material';
import type { GridColDef } from '@mui/x-data-grid';
import { useQuery, useMutation, useSubscription } from '@apollo/client/react';
import { CombinedGraphQLErrors } from '@apollo/client';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { useMiw } from '@miw/client-shared/react';
import { CursorGrid, ErrorAlert, Loading, NotAllowed, PageHeader } from '../../ui';
import type { SupplyLevelFieldsFragment } from '../../gql/graphql';
import { useListRefresher } from '../common/refresh';
import { useSupplyStores } from '../common/stores';
import { useAction } from '../../ui';
import { useNotice } from '../common/notice';
import { AdjustInventoryDocument, InventoryLevelChangedDocument, SetLowStockThresholdDocument, StoreLevelsDocument } from './operations';

const REASONS = ['RECEIVED', 'ADJUSTED', 'DAMAGED', 'SOLD'] as const;
type Reason = (typeof REASONS)[number];

export default function InventoryPage() {
  const { t } = useTranslation();
  const { storeId } = useParams();
  const navigate = useNavigate();
  const { stores, loading, error } = useSupplyStores();
  if (loading) return <Loading />;
  const store = stores.find((s) => s.id === storeId);
  // A store that is not the person's (or not of this region) is refused, like the API refuses its levels.
  if (storeId && !store && !error) return <NotAllowed />;
  const header = (
    <PageHeader
      title={t('supply.inventory.title')}
      subtitle={store ? `${store.name} (${store.code})` : undefined}
      actions={
        <TextField
          select
          size="small"
          label={t('supply.inventory.store')}
          value={store?.id ?? ''}
          onChange={(e) => void navigate(`/inventory/${e.target.value}`)}
          sx={{ minWidth: 260 }}
          slotProps={{ select: { SelectDisplayProps: { 'data-testid': 'inventory-store-picker' } as object } }}
        >
          {stores.map((s) => (
            <MenuItem key={s.id} value={s.id} data-testid={`inventory-store-${s.id}`}>
              {s.name} ({s.code})
            </MenuItem>
          ))}
        </TextField>
      }
    />
  );
  if (!store)
    return (
      <Box>
        {header}
        <ErrorAlert error={error} />
        {stores.length === 0 && !error ? <Alert severity="info">{t('supply.inventory.noStores')}</Alert> : <Alert severity="info">{t('supply.inventory.pickStore')}</Alert>}
      </Box>
    );
  return <Levels key={store.id} storeId={store.id} near={store.location ? { lat: store.location.lat, lng: store.location.lng, radiusKm: 0.05 } : null} header={header} />;
}

function isForbidden(error: unknown): boolean {
  return CombinedGraphQLErrors.is(error) && error.errors.some((e) => e.extensions?.code === 'FORBIDDEN' || e.extensions?.code === 'NOT_FOUND');
}

function Levels({ storeId, near, header }: { storeId: string; near: { lat: number; lng: number; radiusKm: number } | null; header: ReactNode }) {
  const { t } = useTranslation();
  const { region } = useMiw();
  const { data, loading, error, refetch } = useQuery(StoreLevelsDocument, { variables: { region: region === 'cn' ? 'CN' : 'EU', near }, errorPolicy: 'all' });
  const store = data?.stores.find((s) => s.id === storeId);
  const levels = store?.inventoryLevels ?? [];
  const notice = useNotice();
  const refresh = useListRefresher(refetch);
  // Apollo writes each changed level into its cache entry; a product new to the store needs the list again.
  useSubscription(InventoryLevelChangedDocument, {
    variables: { storeId },
    onData: ({ data: event }) => {
      const changed = event.data?.inventoryLevelChanged;
      if (changed) refresh(!levels.some((l) => l.id === changed.id));
    },
  });
  const [adjusting, setAdjusting] = useState<SupplyLevelFieldsFragment | null>(null);
  const [thresholding, setThresholding] = useState<SupplyLevelFieldsFragment | null>(null);

  if (loading && !data) return <Loading />;
  // The store's levels answer FORBIDDEN for a store of another organization.
  if (!store?.inventoryLevels && isForbidden(error)) return <NotAllowed />;

  const columns: GridColDef<SupplyLevelFieldsFragment>[] = [
    { field: 'product', headerName: t('supply.fields.product'), flex: 2, minWidth: 180, valueGetter: (_v, row) => row.product.name },
    { field: 'sku', headerName: t('supply.fields.sku'), flex: 1, minWidth: 110, valueGetter: (_v, row) => row.product.sku },
    { field: 'onHand', headerName: t('supply.inventory.onHand'), type: 'number', width: 90 },
    { field: 'reserved', headerName: t('supply.inventory.reserved'), type: 'number', width: 90 },
    { field: 'available', headerName: t('supply.inventory.available'), type: 'number', width: 90 },
    { field: 'lowStockThreshold', headerName: t('supply.inventory.threshold'), type: 'number', width: 110 },
    {
      field: 'lowStock',
      headerName: t('supply.inventory.lowStock'),
      width: 80,
      renderCell: ({ row }) => (row.lowStock ? <Chip size="small" color="error" variant="outlined" label={t('supply.inventory.low')} /> : null),
    },
    {
      field: 'actions',
      headerName: t('supply.fields.actions'),
      width: 200,
      sortable: false,
      renderCell: ({ row }) => (
        <Stack direction="row" spacing={1} sx={{ alignItems: 'center', height: '100%' }}>
          <Button size="small" onClick={() => setAdjusting(row)} data-testid={`inventory-adjust-${row.product.id}`} aria-label={t('supply.inventory.adjustOf', { product: row.product.name })}>
            {t('supply.inventory.adjust')}
          </Button>
          <Button size="small" onClick={() => setThresholding(row)} data-testid={`inventory-threshold-${row.product.id}`} aria-label={t('supply.inventory.thresholdOf', { product: row.product.name })}>
            {t('supply.inventory.setThreshold')}
          </Button>
        </Stack>
      ),
    },
  ];

  return (
    <Box data-testid="inventory-levels">
      {header}
      <ErrorAlert error={store?.inventoryLevels ? null : error} />
      <CursorGrid<SupplyLevelFieldsFragment>
        label={t('supply.inventory.title')}
        rows={levels}
        columns={columns}
        loading={loading}
        initialState={{ pagination: { paginationModel: { pageSize: 25 } } }}
        pageSizeOptions={[25, 50, 100]}
      />
      {adjusting ? <AdjustDialog storeId={storeId} level={adjusting} notify={notice.notify} onClose={() => setAdjusting(null)} /> : null}
      {notice.snackbar}
      {thresholding ? <ThresholdDialog storeId={storeId} level={thresholding} notify={notice.notify} onClose={() => setThresholding(null)} /> : null}
    </Box>
  );
}

function AdjustDialog({ storeId, level, notify, onClose }: { storeId: string; level: SupplyLevelFieldsFragment; notify: (text: string) => void; onClose: () => void }) {
  const { t } = useTranslation();
  const [delta, setDelta] = useState('');
  const [reason, setReason] = useState<Reason>('ADJUSTED');
  const [note, setNote] = useState('');
  const [adjust] = useMutation(AdjustInventoryDocument);
  const action = useAction(notify);
  const submit = async () => {
    const done = await action.run(
      () => adjust({ variables: { input: { storeId, productId: level.product.id, delta: Number(delta), reason, ...(note ? { note } : {}) } } }),
      (r) => r.data?.adjustInventory.errors,
      t('supply.inventory.adjusted'),
    );
    if (done) onClose();
  };
  return (
    <Dialog open onClose={onClose} aria-labelledby="adjust-title" fullWidth maxWidth="xs">
      <DialogTitle id="adjust-title">{t('supply.inventory.adjustOf', { product: level.product.name })}</DialogTitle>
      <DialogContent>
        {action.alert}
        <Stack spacing={2} sx={{ mt: 1 }}>
          <TextField label={t('supply.inventory.delta')} type="number" value={delta} onChange={(e) => setDelta(e.target.value)} helperText={t('supply.inventory.deltaHint')} required slotProps={{ htmlInput: { 'data-testid': 'adjust-delta' } }} />
          <TextField select label={t('supply.inventory.reason')} value={reason} onChange={(e) => setReason(e.target.value as Reason)} slotProps={{ select: { SelectDisplayProps: { 'data-testid': 'adjust-reason' } as object } }}>
            {REASONS.map((r) => (
              <MenuItem key={r} value={r}>
                {t(`supply.inventory.reasons.${r}`)}
              </MenuItem>
            ))}
          </TextField>
          <TextField label={t('supply.fields.note')} value={note} onChange={(e) => setNote(e.target.value)} multiline slotProps={{ htmlInput: { maxLength: 500, 'data-testid': 'adjust-note' } }} />
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{t('common.cancel')}</Button>
        <Button variant="contained" disabled={action.busy || !/^-?\d+$/.test(delta) || Number(delta) === 0} onClick={() => void submit()} data-testid="adjust-submit">
          {t('common.save')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}

function ThresholdDialog({ storeId, level, notify, onClose }: { storeId: string; level: SupplyLevelFieldsFragment; notify: (text: string) => void; onClose: () => void }) {
  const { t } = useTranslation();
  const [value, setValue] = useState(String(level.lowStockThreshold));
  const [save] = useMutation(SetLowStockThresholdDocument);
  const action = useAction(notify);
  const submit = async () => {
    const done = await action.run(
      () => save({ variables: { input: { storeId, productId: level.product.id, lowStockThreshold: Number(value) } } }),
      (r) => r.data?.setLowStockThreshold.errors,
      t('supply.inventory.thresholdSaved'),
    );
    if (done) onClose();
  };
  return (
    <Dialog open onClose={onClose} aria-labelledby="threshold-title" fullWidth maxWidth="xs">
      <DialogTitle id="threshold-title">{t('supply.inventory.thresholdOf', { product: level.product.name })}</DialogTitle>
      <DialogContent>
        {action.alert}
        <TextField sx={{ mt: 1 }} fullWidth label={t('supply.inventory.threshold')} type="number" value={value} onChange={(e) => setValue(e.target.value)} slotProps={{ htmlInput: { min: 0, 'data-testid': 'threshold-value' } }} />
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{t('common.cancel')}</Button>
        <Button variant="contained" disabled={action.busy || !/^\d+$/.test(value)} onClick={() => void submit()} data-testid="threshold-submit">
          {t('common.save')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
