/**
 * One order, live (`orderUpdated`): its lines, payment and address; the store's partner (or an
 * admin) takes the next step: confirm, ready for pickup, ship, fulfil, or cancel (a captured
 * payment is refunded by the API).
 */
import { Box, Button, Dialog, DialogActions, DialogContent, DialogTitle, Grid, Paper, Stack, TextField, Typography } from '@mui/material';
import { useMutation, useQuery, useSubscription } from '@apollo/client/react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { useFormat } from '@miw/client-shared/react';
import { ErrorAlert, Loading, NotAllowed, PageHeader } from '../../ui';
import type { OrderStatus, SupplyOrderDetailFieldsFragment } from '../../gql/graphql';
import { Lines } from '../common/lines';
import { StatusChip } from '../common/StatusChip';
import { useAction } from '../../ui';
import { useNotice } from '../common/notice';
import { CancelOrderDocument, ConfirmOrderDocument, FulfillOrderDocument, MarkOrderReadyDocument, OrderDocument, OrderUpdatedDocument, ShipOrderDocument } from './operations';

const BEFORE_FULFILMENT: OrderStatus[] = ['PENDING_PAYMENT', 'PLACED', 'CONFIRMED', 'READY_FOR_PICKUP', 'SHIPPED'];

export default function OrderDetailPage() {
  const { orderId = '' } = useParams();
  const { data, loading, error } = useQuery(OrderDocument, { variables: { id: orderId } });
  useSubscription(OrderUpdatedDocument, { variables: { id: orderId } });
  if (loading && !data) return <Loading />;
  if (!error && !data?.order) return <NotAllowed />;
  return (
    <Box>
      <ErrorAlert error={error} />
      {data?.order ? <Detail order={data.order} /> : null}
    </Box>
  );
}

function Detail({ order }: { order: SupplyOrderDetailFieldsFragment }) {
  const { t } = useTranslation();
  const format = useFormat();
  const notice = useNotice();
  const action = useAction(notice.notify);
  const [cancelling, setCancelling] = useState(false);
  const [confirm] = useMutation(ConfirmOrderDocument);
  const [ready] = useMutation(MarkOrderReadyDocument);
  const [ship] = useMutation(ShipOrderDocument);
  const [fulfil] = useMutation(FulfillOrderDocument);
  const input = { input: { orderId: order.id } };
  const steps = [
    { key: 'confirm', when: ['PLACED'], run: () => action.run(() => confirm({ variables: input }), (r) => r.data?.confirmOrder.errors, t('supply.orders.confirmed')) },
    { key: 'ready', when: ['CONFIRMED'], run: () => action.run(() => ready({ variables: input }), (r) => r.data?.markOrderReady.errors, t('supply.orders.readied')) },
    { key: 'ship', when: ['CONFIRMED'], run: () => action.run(() => ship({ variables: input }), (r) => r.data?.shipOrder.errors, t('supply.orders.shipped')) },
    { key: 'fulfil', when: ['READY_FOR_PICKUP', 'SHIPPED'], run: () => action.run(() => fulfil({ variables: input }), (r) => r.data?.fulfillOrder.errors, t('supply.orders.fulfilled')) },
  ].filter((s) => s.when.includes(order.status));
  const address = order.shippingAddress;

  return (
    <Box data-testid="order-detail" data-id={order.id}>
      <PageHeader
        title={t('supply.orders.detailTitle', { store: order.store?.name ?? '' })}
        subtitle={t('supply.orders.placedAt', { date: format.dateTime(order.placedAt ?? order.createdAt) })}
        actions={<StatusChip kind="order" status={order.status} testId="order-status" />}
      />
      {action.alert}
      <Stack direction="row" spacing={1} sx={{ mb: 2, flexWrap: 'wrap' }}>
        {steps.map((s) => (
          <Button key={s.key} variant="contained" disabled={action.busy} onClick={() => void s.run()} data-testid={`order-${s.key}`}>
            {t(`supply.orders.actions.${s.key}`)}
          </Button>
        ))}
        {BEFORE_FULFILMENT.includes(order.status) ? (
          <Button color="error" disabled={action.busy} onClick={() => setCancelling(true)} data-testid="order-cancel">
            {t('supply.orders.actions.cancel')}
          </Button>
        ) : null}
      </Stack>
      <Grid container spacing={2} sx={{ mb: 2 }}>
        <Grid size={{ xs: 12, md: 6 }}>
          <Paper variant="outlined" sx={{ p: 2, height: '100%' }}>
            <Typography variant="h6" component="h2" gutterBottom>
              {t('supply.orders.customer')}
            </Typography>
            <Typography>{order.customer ? `${order.customer.name} <${order.customer.email}>` : '–'}</Typography>
            {address ? (
              <Typography variant="body2" color="text.secondary">
                {[address.name, address.line1, address.line2, `${address.postalCode} ${address.city}`, address.country].filter(Boolean).join(', ')}
              </Typography>
            ) : null}
            {order.note ? <Typography variant="body2">{t('supply.fields.note')}: {order.note}</Typography> : null}
          </Paper>
        </Grid>
        <Grid size={{ xs: 12, md: 6 }}>
          <Paper variant="outlined" sx={{ p: 2, height: '100%' }}>
            <Typography variant="h6" component="h2" gutterBottom>
              {t('supply.orders.payment')}
            </Typography>
            <Typography data-testid="order-payment">
              {order.payment ? `${order.payment.provider} · ${t(`supply.status.payment.${order.payment.status}`)} · ${format.money(order.payment.amount)}` : '–'}
            </Typography>
            {order.payment?.declineReason ? <Typography color="error">{order.payment.declineReason}</Typography> : null}
            {order.cancelReason ? (
              <Typography>
                {t('supply.orders.cancelReason')}: {t(`supply.orders.cancelReasons.${order.cancelReason}`)}
                {order.cancelNote ? ` – ${order.cancelNote}` : ''}
              </Typography>
            ) : null}
          </Paper>
        </Grid>
      </Grid>
      <Paper variant="outlined" sx={{ p: 2 }}>
        <Lines
          label={t('supply.fields.items')}
          head={[t('supply.fields.product'), t('supply.fields.sku'), t('supply.fields.quantity'), t('supply.orders.unitPrice'), t('supply.orders.lineTotal')]}
          rows={order.items.map((i) => ({ key: i.sku, cells: [i.name, i.sku, i.quantity, format.money(i.unitPrice), format.money(i.lineTotal)] }))}
        />
        <Typography sx={{ mt: 1, textAlign: 'right', fontWeight: 'bold' }}>
          {t('supply.orders.total')}: {format.money(order.total)}
        </Typography>
      </Paper>
      {cancelling ? <CancelDialog orderId={order.id} notify={notice.notify} onClose={() => setCancelling(false)} /> : null}
      {notice.snackbar}
    </Box>
  );
}

function CancelDialog({ orderId, notify, onClose }: { orderId: string; notify: (text: string) => void; onClose: () => void }) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const [cancel] = useMutation(CancelOrderDocument);
  const action = useAction(notify);
  const submit = async () => {
    const done = await action.run(() => cancel({ variables: { input: { orderId, ...(reason.trim() ? { reason: reason.trim() } : {}) } } }), (r) => r.data?.cancelOrder.errors, t('supply.orders.cancelled'));
    if (done) onClose();
  };
  return (
    <Dialog open onClose={onClose} aria-labelledby="cancel-order-title" fullWidth maxWidth="sm">
      <DialogTitle id="cancel-order-title">{t('supply.orders.actions.cancel')}</DialogTitle>
      <DialogContent>
        {action.alert}
        <Typography variant="body2" sx={{ mb: 1 }}>
          {t('supply.orders.cancelHint')}
        </Typography>
        <TextField fullWidth multiline label={t('supply.orders.cancelNote')} value={reason} onChange={(e) => setReason(e.target.value)} slotProps={{ htmlInput: { maxLength: 500, 'data-testid': 'cancel-reason' } }} />
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{t('common.close')}</Button>
        <Button color="error" variant="contained" disabled={action.busy} onClick={() => void submit()} data-testid="cancel-submit">
          {t('supply.orders.actions.cancel')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
