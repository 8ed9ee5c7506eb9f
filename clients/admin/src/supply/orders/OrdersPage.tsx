/**
 * Orders by role: an admin filters every order of the region (status, store, dates); a partner
 * follows its store's orders live (`storeOrdersUpdated`); a manufacturer sees the demand for its
 * products (the order lines of its products only).
 */
import { Box, Link, MenuItem, Stack, TextField } from '@mui/material';
import type { GridColDef } from '@mui/x-data-grid';
import { useQuery, useSubscription } from '@apollo/client/react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink, useNavigate, useSearchParams } from 'react-router';
import { useFormat, useMiw } from '@miw/client-shared/react';
import { CursorGrid, ErrorAlert, Loading, PageHeader, useCursorPages } from '../../ui';
import type { DemandOrdersQuery, OrderStatus, SupplyOrderRowFieldsFragment } from '../../gql/graphql';
import { useListRefresher } from '../common/refresh';
import { StatusChip } from '../common/StatusChip';
import { useSupplyStores } from '../common/stores';
import { DemandOrdersDocument, OrdersDocument, StoreOrdersDocument, StoreOrdersUpdatedDocument } from './operations';

const ORDER_STATUSES: OrderStatus[] = ['PENDING_PAYMENT', 'PLACED', 'CONFIRMED', 'READY_FOR_PICKUP', 'SHIPPED', 'FULFILLED', 'CANCELLED', 'REFUNDED'];

export default function OrdersPage() {
  const { session } = useMiw();
  const role = session!.user.role;
  if (role === 'MANUFACTURER') return <Demand />;
  if (role === 'PARTNER') return <StoreOrders />;
  return <AllOrders />;
}

function StatusFilter({ value, onChange }: { value: OrderStatus | ''; onChange: (s: OrderStatus | '') => void }) {
  const { t } = useTranslation();
  return (
    <TextField select size="small" label={t('supply.fields.status')} value={value} onChange={(e) => onChange(e.target.value as OrderStatus | '')} sx={{ minWidth: 180 }} slotProps={{ select: { SelectDisplayProps: { 'data-testid': 'orders-status' } as object } }}>
      <MenuItem value="">{t('supply.all')}</MenuItem>
      {ORDER_STATUSES.map((s) => (
        <MenuItem key={s} value={s}>
          {t(`supply.status.order.${s}`)}
        </MenuItem>
      ))}
    </TextField>
  );
}

/** The columns of an order list (the date links to the order's page). */
function useOrderColumns(): GridColDef<SupplyOrderRowFieldsFragment>[] {
  const { t } = useTranslation();
  const format = useFormat();
  return [
    {
      field: 'createdAt',
      headerName: t('supply.fields.createdAt'),
      width: 190,
      renderCell: ({ row }) => (
        <Link component={RouterLink} to={`/orders/${row.id}`} data-testid={`order-open-${row.id}`}>
          {format.dateTime(row.createdAt)}
        </Link>
      ),
    },
    { field: 'store', headerName: t('supply.fields.store'), flex: 1, minWidth: 150, valueGetter: (_v, row) => row.store?.name ?? '' },
    { field: 'customer', headerName: t('supply.orders.customer'), flex: 1, minWidth: 160, valueGetter: (_v, row) => row.customer?.email ?? '' },
    { field: 'items', headerName: t('supply.fields.items'), flex: 2, minWidth: 200, sortable: false, valueGetter: (_v, row) => row.items.map((i) => `${i.name} × ${i.quantity}`).join(', ') },
    { field: 'total', headerName: t('supply.orders.total'), width: 120, align: 'right', headerAlign: 'right', valueGetter: (_v, row) => format.money(row.total) },
    { field: 'status', headerName: t('supply.fields.status'), width: 150, renderCell: ({ row }) => <StatusChip kind="order" status={row.status} testId={`order-status-${row.id}`} /> },
  ];
}

/** A date input (yyyy-mm-dd) as the instant its day starts locally, for the API's DateTime filters. */
const startOfDay = (day: string) => (day ? new Date(`${day}T00:00:00`).toISOString() : null);
const endOfDay = (day: string) => (day ? new Date(new Date(`${day}T00:00:00`).getTime() + 86_400_000).toISOString() : null);

function AllOrders() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { stores } = useSupplyStores();
  const [status, setStatus] = useState<OrderStatus | ''>('');
  const [storeId, setStoreId] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const pages = useCursorPages();
  const filter = { status: status || null, storeId: storeId || null, placedFrom: startOfDay(from), placedTo: endOfDay(to) };
  const { data, loading, error } = useQuery(OrdersDocument, { variables: { filter, first: pages.first, after: pages.after }, fetchPolicy: 'cache-and-network' });
  const rows = data?.orders.edges.map((e) => e.node) ?? [];
  const columns = useOrderColumns();
  const change = <T,>(set: (v: T) => void) => (v: T) => {
    set(v);
    pages.reset();
  };
  return (
    <Box>
      <PageHeader title={t('supply.orders.title')} subtitle={data ? t('supply.orders.count', { count: data.orders.totalCount }) : undefined} />
      <Stack direction={{ xs: 'column', md: 'row' }} spacing={2} sx={{ mb: 2 }}>
        <StatusFilter value={status} onChange={change(setStatus)} />
        <TextField select size="small" label={t('supply.fields.store')} value={storeId} onChange={(e) => change(setStoreId)(e.target.value)} sx={{ minWidth: 220 }} slotProps={{ select: { SelectDisplayProps: { 'data-testid': 'orders-store' } as object } }}>
          <MenuItem value="">{t('supply.all')}</MenuItem>
          {stores.map((s) => (
            <MenuItem key={s.id} value={s.id}>
              {s.name} ({s.code})
            </MenuItem>
          ))}
        </TextField>
        <TextField size="small" type="date" label={t('supply.orders.from')} value={from} onChange={(e) => change(setFrom)(e.target.value)} slotProps={{ inputLabel: { shrink: true }, htmlInput: { 'data-testid': 'orders-from' } }} />
        <TextField size="small" type="date" label={t('supply.orders.to')} value={to} onChange={(e) => change(setTo)(e.target.value)} slotProps={{ inputLabel: { shrink: true }, htmlInput: { 'data-testid': 'orders-to' } }} />
      </Stack>
      <ErrorAlert error={error} />
      <CursorGrid<SupplyOrderRowFieldsFragment> label={t('supply.orders.title')} rows={rows} columns={columns} loading={loading} onRowDoubleClick={({ row }) => void navigate(`/orders/${row.id}`)} {...pages.grid(data?.orders.pageInfo, rows.length)} />
    </Box>
  );
}

function StoreOrders() {
  const { t } = useTranslation();
  const { stores, loading: storesLoading, error: storesError } = useSupplyStores();
  // The store is in the URL (`?store=`): a link or a reload keeps it.
  const [params, setParams] = useSearchParams();
  const picked = params.get('store');
  const storeId = stores.find((s) => s.id === picked)?.id ?? stores[0]?.id ?? '';
  if (storesLoading) return <Loading />;
  return (
    <Box>
      <PageHeader
        title={t('supply.orders.storeTitle')}
        actions={
          <TextField select size="small" label={t('supply.fields.store')} value={storeId} onChange={(e) => setParams({ store: e.target.value }, { replace: true })} sx={{ minWidth: 240 }} slotProps={{ select: { SelectDisplayProps: { 'data-testid': 'orders-store' } as object } }}>
            {stores.map((s) => (
              <MenuItem key={s.id} value={s.id} data-testid={`orders-store-${s.id}`}>
                {s.name} ({s.code})
              </MenuItem>
            ))}
          </TextField>
        }
      />
      <ErrorAlert error={storesError} />
      {storeId ? <StoreOrderList key={storeId} storeId={storeId} /> : null}
    </Box>
  );
}

function StoreOrderList({ storeId }: { storeId: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [status, setStatus] = useState<OrderStatus | ''>('');
  const pages = useCursorPages();
  const { data, loading, error, refetch } = useQuery(StoreOrdersDocument, { variables: { storeId, status: status || null, first: pages.first, after: pages.after }, fetchPolicy: 'cache-and-network' });
  const rows = data?.storeOrders.edges.map((e) => e.node) ?? [];
  const refresh = useListRefresher(refetch);
  // A changed order updates its cache entry; a new one (or one entering the filter) needs the list again.
  useSubscription(StoreOrdersUpdatedDocument, {
    variables: { storeId },
    onData: ({ data: event }) => {
      const changed = event.data?.storeOrdersUpdated;
      if (changed) refresh(pages.after === null && !rows.some((r) => r.id === changed.id));
    },
  });
  const columns = useOrderColumns();
  return (
    <Box data-testid="store-orders">
      <Box sx={{ mb: 2 }}>
        <StatusFilter
          value={status}
          onChange={(s) => {
            setStatus(s);
            pages.reset();
          }}
        />
      </Box>
      <ErrorAlert error={error} />
      <CursorGrid<SupplyOrderRowFieldsFragment> label={t('supply.orders.storeTitle')} rows={rows} columns={columns} loading={loading} onRowDoubleClick={({ row }) => void navigate(`/orders/${row.id}`)} {...pages.grid(data?.storeOrders.pageInfo, rows.length)} />
    </Box>
  );
}

type DemandRow = DemandOrdersQuery['demandOrders']['edges'][number]['node'];

function Demand() {
  const { t } = useTranslation();
  const format = useFormat();
  const [status, setStatus] = useState<OrderStatus | ''>('');
  const pages = useCursorPages();
  const { data, loading, error } = useQuery(DemandOrdersDocument, { variables: { status: status || null, first: pages.first, after: pages.after }, fetchPolicy: 'cache-and-network' });
  const rows = data?.demandOrders.edges.map((e) => e.node) ?? [];
  const columns: GridColDef<DemandRow>[] = [
    { field: 'createdAt', headerName: t('supply.fields.createdAt'), width: 170, valueFormatter: (v: string) => format.dateTime(v) },
    { field: 'store', headerName: t('supply.fields.store'), flex: 1, minWidth: 150, valueGetter: (_v, row) => row.store?.name ?? '' },
    { field: 'items', headerName: t('supply.orders.demandLines'), flex: 2, minWidth: 240, sortable: false, valueGetter: (_v, row) => row.items.map((i) => `${i.name} (${i.sku}) × ${i.quantity}`).join(', ') },
    { field: 'units', headerName: t('supply.orders.units'), type: 'number', width: 100, valueGetter: (_v, row) => row.items.reduce((n, i) => n + i.quantity, 0) },
    { field: 'status', headerName: t('supply.fields.status'), width: 170, renderCell: ({ row }) => <StatusChip kind="order" status={row.status} /> },
  ];
  return (
    <Box>
      <PageHeader title={t('supply.orders.demandTitle')} subtitle={data ? t('supply.orders.count', { count: data.demandOrders.totalCount }) : undefined} actions={
          <StatusFilter
            value={status}
            onChange={(s) => {
              setStatus(s);
              pages.reset();
            }}
          />
        }
      />
      <ErrorAlert error={error} />
      <CursorGrid<DemandRow> label={t('supply.orders.demandTitle')} rows={rows} columns={columns} loading={loading} {...pages.grid(data?.demandOrders.pageInfo, rows.length)} />
    </Box>
  );
}
