/**
 * Stock requests the person may see (a partner its stores', a manufacturer those with its products,
 * an admin all), by status; partners and admins create one (store, product, quantity, note).
 */
import { Autocomplete, Box, Button, Dialog, DialogActions, DialogContent, DialogTitle, Link, MenuItem, Stack, TextField } from '@mui/material';
import type { GridColDef } from '@mui/x-data-grid';
import { useMutation, useQuery } from '@apollo/client/react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink, useNavigate } from 'react-router';
import { useFormat, useMiw } from '@miw/client-shared/react';
import { CursorGrid, ErrorAlert, PageHeader, useCursorPages } from '../../ui';
import type { StockRequestStatus, SupplyStockRequestFieldsFragment } from '../../gql/graphql';
import { ProductChoicesDocument } from '../common/operations';
import { StatusChip } from '../common/StatusChip';
import { useSupplyStores } from '../common/stores';
import { useAction } from '../../ui';
import { useNotice } from '../common/notice';
import { CreateStockRequestDocument, StockRequestsDocument } from './operations';

const STATUSES: StockRequestStatus[] = ['REQUESTED', 'APPROVED', 'ACKNOWLEDGED', 'SHIPPED', 'REJECTED'];

export default function StockRequestsPage() {
  const { t } = useTranslation();
  const { session } = useMiw();
  const format = useFormat();
  const navigate = useNavigate();
  const role = session!.user.role;
  // Admins land on what waits for them.
  const [status, setStatus] = useState<StockRequestStatus | ''>(role === 'ADMIN' ? 'REQUESTED' : '');
  const pages = useCursorPages();
  const { data, loading, error, refetch } = useQuery(StockRequestsDocument, { variables: { first: pages.first, after: pages.after, status: status || null }, fetchPolicy: 'cache-and-network' });
  const [creating, setCreating] = useState(false);
  const notice = useNotice();
  const rows = data?.stockRequests.edges.map((e) => e.node) ?? [];

  const columns: GridColDef<SupplyStockRequestFieldsFragment>[] = [
    {
      field: 'createdAt',
      headerName: t('supply.fields.createdAt'),
      width: 190,
      renderCell: ({ row }) => (
        <Link component={RouterLink} to={`/stock-requests/${row.id}`} data-testid={`stock-request-open-${row.id}`}>
          {format.dateTime(row.createdAt)}
        </Link>
      ),
    },
    { field: 'store', headerName: t('supply.fields.store'), flex: 1, minWidth: 160, valueGetter: (_v, row) => row.store.name },
    { field: 'items', headerName: t('supply.fields.items'), flex: 2, minWidth: 220, sortable: false, valueGetter: (_v, row) => row.items.map((i) => `${i.product.name} × ${i.approvedQuantity ?? i.requestedQuantity}`).join(', ') },
    { field: 'status', headerName: t('supply.fields.status'), width: 150, renderCell: ({ row }) => <StatusChip kind="stockRequest" status={row.status} /> },
  ];

  return (
    <Box>
      <PageHeader
        title={t('supply.stockRequests.title')}
        actions={
          <Stack direction="row" spacing={1}>
            <TextField
              select
              size="small"
              label={t('supply.fields.status')}
              value={status}
              onChange={(e) => {
                setStatus(e.target.value as StockRequestStatus | '');
                pages.reset();
              }}
              sx={{ minWidth: 180 }}
              slotProps={{ select: { SelectDisplayProps: { 'data-testid': 'stock-requests-status' } as object } }}
            >
              <MenuItem value="">{t('supply.all')}</MenuItem>
              {STATUSES.map((s) => (
                <MenuItem key={s} value={s}>
                  {t(`supply.status.stockRequest.${s}`)}
                </MenuItem>
              ))}
            </TextField>
            {role === 'PARTNER' || role === 'ADMIN' ? (
              <Button variant="contained" onClick={() => setCreating(true)} data-testid="stock-request-new">
                {t('supply.stockRequests.new')}
              </Button>
            ) : null}
          </Stack>
        }
      />
      <ErrorAlert error={error} />
      <CursorGrid<SupplyStockRequestFieldsFragment> label={t('supply.stockRequests.title')} rows={rows} columns={columns} loading={loading} onRowDoubleClick={({ row }) => void navigate(`/stock-requests/${row.id}`)} {...pages.grid(data?.stockRequests.pageInfo, rows.length)} />
      {creating ? (
        <CreateDialog
          notify={notice.notify}
          onClose={(id) => {
            setCreating(false);
            if (id) {
              void refetch();
              void navigate(`/stock-requests/${id}`);
            }
          }}
        />
      ) : null}
      {notice.snackbar}
    </Box>
  );
}

interface Choice {
  id: string;
  sku: string;
  name: string;
}

function CreateDialog({ notify, onClose }: { notify: (text: string) => void; onClose: (createdId?: string) => void }) {
  const { t } = useTranslation();
  const { stores } = useSupplyStores();
  const [storeId, setStoreId] = useState('');
  const [search, setSearch] = useState('');
  const [product, setProduct] = useState<Choice | null>(null);
  const [quantity, setQuantity] = useState('');
  const [note, setNote] = useState('');
  const choices = useQuery(ProductChoicesDocument, { variables: { search: search || null, first: 20 } });
  const options = choices.data?.products.edges.map((e) => e.node) ?? [];
  const [create] = useMutation(CreateStockRequestDocument);
  const action = useAction(notify);
  const store = storeId || (stores.length === 1 ? stores[0]!.id : '');
  const valid = store && product && /^\d+$/.test(quantity) && Number(quantity) > 0;

  const submit = async () => {
    if (!valid) return;
    const result = await action.run(
      () => create({ variables: { input: { storeId: store, items: [{ productId: product.id, quantity: Number(quantity) }], ...(note ? { note } : {}) } } }),
      (r) => r.data?.createStockRequest.errors,
      t('supply.stockRequests.created'),
    );
    const id = result?.data?.createStockRequest.stockRequest?.id;
    if (id) onClose(id);
  };

  return (
    <Dialog open onClose={() => onClose()} aria-labelledby="create-request-title" fullWidth maxWidth="sm">
      <DialogTitle id="create-request-title">{t('supply.stockRequests.new')}</DialogTitle>
      <DialogContent>
        {action.alert}
        <Stack spacing={2} sx={{ mt: 1 }}>
          <TextField select label={t('supply.fields.store')} value={store} onChange={(e) => setStoreId(e.target.value)} required slotProps={{ select: { SelectDisplayProps: { 'data-testid': 'stock-request-store' } as object } }}>
            {stores.map((s) => (
              <MenuItem key={s.id} value={s.id} data-testid={`stock-request-store-${s.id}`}>
                {s.name} ({s.code})
              </MenuItem>
            ))}
          </TextField>
          <Autocomplete<Choice>
            options={options}
            value={product}
            loading={choices.loading}
            filterOptions={(o) => o}
            getOptionLabel={(o) => `${o.name} (${o.sku})`}
            isOptionEqualToValue={(a, b) => a.id === b.id}
            onChange={(_e, v) => setProduct(v)}
            onInputChange={(_e, v, reason) => {
              if (reason === 'input') setSearch(v);
            }}
            noOptionsText={t('common.empty')}
            loadingText={t('common.loading')}
            renderInput={(params) => <TextField {...params} label={t('supply.fields.product')} required slotProps={{ ...params.slotProps, htmlInput: { ...params.slotProps.htmlInput, 'data-testid': 'stock-request-product' } }} />}
          />
          <TextField label={t('supply.fields.quantity')} type="number" value={quantity} onChange={(e) => setQuantity(e.target.value)} required slotProps={{ htmlInput: { min: 1, max: 100000, 'data-testid': 'stock-request-quantity' } }} />
          <TextField label={t('supply.fields.note')} value={note} onChange={(e) => setNote(e.target.value)} multiline slotProps={{ htmlInput: { maxLength: 500, 'data-testid': 'stock-request-note' } }} />
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button onClick={() => onClose()}>{t('common.cancel')}</Button>
        <Button variant="contained" disabled={action.busy || !valid} onClick={() => void submit()} data-testid="stock-request-submit">
          {t('supply.stockRequests.submit')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
