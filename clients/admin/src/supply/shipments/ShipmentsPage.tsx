/**
 * Shipments the person may see (admins all, partners to their stores, manufacturers with their
 * products, a 3PL those it carries), live from `myShipmentsUpdated`; a column shows discrepancies.
 */
import { Box, Link, MenuItem, TextField } from '@mui/material';
import type { GridColDef } from '@mui/x-data-grid';
import { useQuery, useSubscription } from '@apollo/client/react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink, useNavigate } from 'react-router';
import { useFormat } from '@miw/client-shared/react';
import { CursorGrid, ErrorAlert, PageHeader, useCursorPages } from '../../ui';
import type { ShipmentStatus, SupplyShipmentFieldsFragment } from '../../gql/graphql';
import { useListRefresher } from '../common/refresh';
import { StatusChip } from '../common/StatusChip';
import { MyShipmentsUpdatedDocument, ShipmentsDocument } from './operations';
import { SHIPMENT_STATUSES, discrepancyOf } from './statuses';

export default function ShipmentsPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const navigate = useNavigate();
  const [status, setStatus] = useState<ShipmentStatus | ''>('');
  const pages = useCursorPages();
  const { data, loading, error, refetch } = useQuery(ShipmentsDocument, { variables: { first: pages.first, after: pages.after, status: status || null }, fetchPolicy: 'cache-and-network' });
  const rows = data?.shipments.edges.map((e) => e.node) ?? [];
  const refresh = useListRefresher(refetch);
  // Known shipments update in the cache; a new one (on the first page) needs the list again.
  useSubscription(MyShipmentsUpdatedDocument, {
    onData: ({ data: event }) => {
      const changed = event.data?.myShipmentsUpdated;
      if (changed) refresh(pages.after === null && !rows.some((r) => r.id === changed.id));
    },
  });

  const columns: GridColDef<SupplyShipmentFieldsFragment>[] = [
    {
      field: 'createdAt',
      headerName: t('supply.fields.createdAt'),
      width: 190,
      renderCell: ({ row }) => (
        <Link component={RouterLink} to={`/shipments/${row.id}`} data-testid={`shipment-open-${row.id}`}>
          {format.dateTime(row.createdAt)}
        </Link>
      ),
    },
    { field: 'store', headerName: t('supply.fields.store'), flex: 1, minWidth: 160, valueGetter: (_v, row) => row.store.name },
    { field: 'carrier', headerName: t('supply.shipments.carrier'), flex: 1, minWidth: 140, valueGetter: (_v, row) => row.logisticsOrganization?.name ?? t('supply.shipments.noCarrier') },
    { field: 'items', headerName: t('supply.fields.items'), flex: 2, minWidth: 200, sortable: false, valueGetter: (_v, row) => row.items.map((i) => `${i.product.name} × ${i.quantity}`).join(', ') },
    { field: 'status', headerName: t('supply.fields.status'), width: 160, renderCell: ({ row }) => <StatusChip kind="shipment" status={row.status} testId={`shipment-status-${row.id}`} /> },
    { field: 'discrepancy', headerName: t('supply.shipments.discrepancy'), type: 'number', width: 120, valueGetter: (_v, row) => discrepancyOf(row) },
  ];

  return (
    <Box>
      <PageHeader
        title={t('supply.shipments.title')}
        actions={
          <TextField
            select
            size="small"
            label={t('supply.fields.status')}
            value={status}
            onChange={(e) => {
              setStatus(e.target.value as ShipmentStatus | '');
              pages.reset();
            }}
            sx={{ minWidth: 180 }}
            slotProps={{ select: { SelectDisplayProps: { 'data-testid': 'shipments-status' } as object } }}
          >
            <MenuItem value="">{t('supply.all')}</MenuItem>
            {SHIPMENT_STATUSES.map((s) => (
              <MenuItem key={s} value={s}>
                {t(`supply.status.shipment.${s}`)}
              </MenuItem>
            ))}
          </TextField>
        }
      />
      <ErrorAlert error={error} />
      <CursorGrid<SupplyShipmentFieldsFragment> label={t('supply.shipments.title')} rows={rows} columns={columns} loading={loading} onRowDoubleClick={({ row }) => void navigate(`/shipments/${row.id}`)} {...pages.grid(data?.shipments.pageInfo, rows.length)} />
    </Box>
  );
}
