/** The delivery log of one webhook endpoint (cursor pages): status, attempts, response; redeliver. */
import { Button, Dialog, DialogActions, DialogContent, DialogTitle, IconButton, Tooltip } from '@mui/material';
import ReplayIcon from '@mui/icons-material/Replay';
import type { GridColDef } from '@mui/x-data-grid';
import { useMutation, useQuery } from '@apollo/client/react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '@miw/client-shared/react';
import { CursorGrid, ErrorAlert, useCursorPages } from '../../ui';
import { StatusChip } from '../common/StatusChip';
import { useAction } from '../../ui';
import type { CoreWebhookDeliveriesQuery } from '../../gql/graphql';
import { RedeliverWebhookDocument, WebhookDeliveriesDocument } from '../operations';

type Delivery = CoreWebhookDeliveriesQuery['webhookDeliveries']['edges'][number]['node'];

export function DeliveriesDialog({ endpoint, canRedeliver, onClose }: { endpoint: { id: string; url: string }; canRedeliver: boolean; onClose(): void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const pages = useCursorPages(10);
  const { data, loading, error, refetch } = useQuery(WebhookDeliveriesDocument, { variables: { endpointId: endpoint.id, first: pages.first, after: pages.after } });
  const [redeliver] = useMutation(RedeliverWebhookDocument);
  const action = useAction();
  const columns: GridColDef<Delivery>[] = [
    { field: 'createdAt', headerName: t('core.integrations.at'), width: 170, sortable: false, valueFormatter: (_v, row) => format.dateTime(row.createdAt) },
    { field: 'eventType', headerName: t('core.integrations.event'), flex: 1, minWidth: 160, sortable: false },
    {
      field: 'status',
      headerName: t('core.users.status'),
      width: 120,
      sortable: false,
      renderCell: ({ row }) => <StatusChip label={t(`core.integrations.deliveryStatuses.${row.status}`)} value={row.status} color={row.status === 'SUCCEEDED' ? 'success' : row.status === 'FAILED' ? 'error' : 'default'} testId="delivery-status" />,
    },
    { field: 'attempts', headerName: t('core.integrations.attempts'), width: 90, sortable: false },
    { field: 'responseCode', headerName: t('core.integrations.response'), width: 200, sortable: false, valueGetter: (_v, row) => [row.responseCode ?? '', row.lastError ?? ''].filter(Boolean).join(' · ') },
    ...(canRedeliver
      ? [
          {
            field: 'actions',
            headerName: t('core.actions'),
            width: 80,
            sortable: false,
            renderCell: ({ row }) => (
              <Tooltip title={t('core.integrations.redeliver')}>
                <IconButton
                  size="small"
                  aria-label={t('core.integrations.redeliver')}
                  disabled={action.busy}
                  onClick={() => void action.run(() => redeliver({ variables: { deliveryId: row.id } }), (r) => r.data?.redeliverWebhook.errors).then(() => refetch())}
                  data-testid="delivery-redeliver"
                >
                  <ReplayIcon fontSize="small" />
                </IconButton>
              </Tooltip>
            ),
          } satisfies GridColDef<Delivery>,
        ]
      : []),
  ];
  const rows = data?.webhookDeliveries.edges.map((e) => e.node) ?? [];
  return (
    <Dialog open onClose={onClose} aria-labelledby="deliveries-title" maxWidth="lg" fullWidth data-testid="deliveries-dialog">
      <DialogTitle id="deliveries-title">{t('core.integrations.deliveriesOf', { url: endpoint.url })}</DialogTitle>
      <DialogContent>
        {action.alert}
        <ErrorAlert error={error} />
        <CursorGrid<Delivery> label={t('core.integrations.deliveries')} rows={rows} columns={columns} loading={loading} {...pages.grid(data?.webhookDeliveries.pageInfo, rows.length)} />
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{t('common.close')}</Button>
      </DialogActions>
    </Dialog>
  );
}
