/**
 * One stock request, live (`stockRequestUpdated`): an admin approves (quantities per line) or
 * rejects (reason); the manufacturer acknowledges; then the manufacturer or an admin creates the
 * shipment (an admin may name the carrier at once).
 */
import { Box, Button, Dialog, DialogActions, DialogContent, DialogTitle, Link, MenuItem, Paper, Stack, TextField, Typography } from '@mui/material';
import { useMutation, useQuery, useSubscription } from '@apollo/client/react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink, useParams } from 'react-router';
import { useFormat, useMiw } from '@miw/client-shared/react';
import { ErrorAlert, Loading, NotAllowed, PageHeader } from '../../ui';
import type { SupplyStockRequestFieldsFragment } from '../../gql/graphql';
import { Lines } from '../common/lines';
import { LogisticsOrganizationsDocument } from '../common/operations';
import { StatusChip } from '../common/StatusChip';
import { useAction } from '../../ui';
import { useNotice } from '../common/notice';
import { AcknowledgeStockRequestDocument, ApproveStockRequestDocument, CreateShipmentDocument, RejectStockRequestDocument, StockRequestDocument, StockRequestUpdatedDocument } from './operations';

export default function StockRequestDetailPage() {
  const { id = '' } = useParams();
  const { data, loading, error } = useQuery(StockRequestDocument, { variables: { id } });
  // Changes arrive into the cache entry of the request: the page re-renders without a reload.
  useSubscription(StockRequestUpdatedDocument, { variables: { id } });
  if (loading && !data) return <Loading />;
  if (!error && !data?.stockRequest) return <NotAllowed />;
  return (
    <Box>
      <ErrorAlert error={error} />
      {data?.stockRequest ? <Detail request={data.stockRequest} /> : null}
    </Box>
  );
}

function Detail({ request }: { request: SupplyStockRequestFieldsFragment }) {
  const { t } = useTranslation();
  const { session } = useMiw();
  const format = useFormat();
  const role = session!.user.role;
  const notice = useNotice();
  const action = useAction(notice.notify);
  const [quantities, setQuantities] = useState<Record<string, string>>({});
  const [rejecting, setRejecting] = useState(false);
  const [carrier, setCarrier] = useState('');
  const [approve] = useMutation(ApproveStockRequestDocument);
  const [acknowledge] = useMutation(AcknowledgeStockRequestDocument);
  const [createShipment] = useMutation(CreateShipmentDocument);
  const canApprove = role === 'ADMIN' && request.status === 'REQUESTED';
  const canShip = (role === 'ADMIN' || role === 'MANUFACTURER') && request.status === 'ACKNOWLEDGED';
  const carriers = useQuery(LogisticsOrganizationsDocument, { skip: !(canShip && role === 'ADMIN') });
  const quantityOf = (itemId: string, requested: number) => quantities[itemId] ?? String(requested);
  const quantitiesValid = request.items.every((i) => /^\d+$/.test(quantityOf(i.id, i.requestedQuantity)) && Number(quantityOf(i.id, i.requestedQuantity)) <= i.requestedQuantity);

  const onApprove = () =>
    action.run(
      () => approve({ variables: { input: { id: request.id, items: request.items.map((i) => ({ productId: i.product.id, quantity: Number(quantityOf(i.id, i.requestedQuantity)) })) } } }),
      (r) => r.data?.approveStockRequest.errors,
      t('supply.stockRequests.approved'),
    );
  const onAcknowledge = () => action.run(() => acknowledge({ variables: { input: { id: request.id } } }), (r) => r.data?.acknowledgeStockRequest.errors, t('supply.stockRequests.acknowledged'));
  const onShip = () =>
    action.run(
      () => createShipment({ variables: { input: { stockRequestId: request.id, ...(carrier ? { logisticsOrganizationId: carrier } : {}) } } }),
      (r) => r.data?.createShipment.errors,
      t('supply.stockRequests.shipmentCreated'),
    );

  return (
    <Box data-testid="stock-request-detail" data-id={request.id}>
      <PageHeader
        title={t('supply.stockRequests.detailTitle', { store: request.store.name })}
        subtitle={t('supply.stockRequests.askedAt', { date: format.dateTime(request.createdAt) })}
        actions={<StatusChip kind="stockRequest" status={request.status} testId="stock-request-status" />}
      />
      {action.alert}
      <Paper variant="outlined" sx={{ p: 2, mb: 2 }}>
        {request.note ? <Typography sx={{ mb: 1 }}>{t('supply.fields.note')}: {request.note}</Typography> : null}
        {request.rejectionReason ? <Typography color="error" sx={{ mb: 1 }}>{t('supply.stockRequests.rejectionReason')}: {request.rejectionReason}</Typography> : null}
        <Lines
          label={t('supply.fields.items')}
          head={[t('supply.fields.product'), t('supply.fields.sku'), t('supply.stockRequests.requested'), t('supply.stockRequests.approvedQuantity')]}
          rows={request.items.map((i, index) => ({
            key: i.id,
            cells: [
              i.product.name,
              i.product.sku,
              i.requestedQuantity,
              canApprove ? (
                <TextField
                  size="small"
                  type="number"
                  value={quantityOf(i.id, i.requestedQuantity)}
                  onChange={(e) => setQuantities((q) => ({ ...q, [i.id]: e.target.value }))}
                  slotProps={{ htmlInput: { min: 0, max: i.requestedQuantity, 'aria-label': t('supply.stockRequests.approveQuantityOf', { product: i.product.name }), 'data-testid': `approve-quantity-${index}` } }}
                  sx={{ width: 110 }}
                />
              ) : (
                (i.approvedQuantity ?? '–')
              ),
            ],
          }))}
        />
      </Paper>
      <Stack direction="row" spacing={1} sx={{ mb: 2, flexWrap: 'wrap', alignItems: 'center' }}>
        {canApprove ? (
          <>
            <Button variant="contained" disabled={action.busy || !quantitiesValid} onClick={() => void onApprove()} data-testid="stock-request-approve">
              {t('supply.stockRequests.approve')}
            </Button>
            <Button color="error" disabled={action.busy} onClick={() => setRejecting(true)} data-testid="stock-request-reject">
              {t('supply.stockRequests.reject')}
            </Button>
          </>
        ) : null}
        {role === 'MANUFACTURER' && request.status === 'APPROVED' ? (
          <Button variant="contained" disabled={action.busy} onClick={() => void onAcknowledge()} data-testid="stock-request-acknowledge">
            {t('supply.stockRequests.acknowledge')}
          </Button>
        ) : null}
        {canShip ? (
          <>
            {role === 'ADMIN' ? (
              <TextField select size="small" label={t('supply.shipments.carrier')} value={carrier} onChange={(e) => setCarrier(e.target.value)} sx={{ minWidth: 220 }} slotProps={{ select: { SelectDisplayProps: { 'data-testid': 'stock-request-carrier' } as object } }}>
                <MenuItem value="">{t('supply.shipments.noCarrier')}</MenuItem>
                {(carriers.data?.organizations.edges ?? []).map((e) => (
                  <MenuItem key={e.node.id} value={e.node.id}>
                    {e.node.name}
                  </MenuItem>
                ))}
              </TextField>
            ) : null}
            <Button variant="contained" disabled={action.busy} onClick={() => void onShip()} data-testid="stock-request-create-shipment">
              {t('supply.stockRequests.createShipment')}
            </Button>
          </>
        ) : null}
      </Stack>
      {request.shipments.length > 0 ? (
        <Box>
          <Typography variant="h6" component="h2">
            {t('supply.shipments.title')}
          </Typography>
          <Stack spacing={1} sx={{ mt: 1 }}>
            {request.shipments.map((s) => (
              <Stack key={s.id} direction="row" spacing={1} sx={{ alignItems: 'center' }}>
                <Link component={RouterLink} to={`/shipments/${s.id}`} data-testid="stock-request-shipment" data-id={s.id}>
                  {t('supply.shipments.shipmentOf', { id: s.id.slice(0, 8) })}
                </Link>
                <StatusChip kind="shipment" status={s.status} />
              </Stack>
            ))}
          </Stack>
        </Box>
      ) : null}
      {rejecting ? <RejectDialog id={request.id} notify={notice.notify} onClose={() => setRejecting(false)} /> : null}
      {notice.snackbar}
    </Box>
  );
}

function RejectDialog({ id, notify, onClose }: { id: string; notify: (text: string) => void; onClose: () => void }) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const [reject] = useMutation(RejectStockRequestDocument);
  const action = useAction(notify);
  const submit = async () => {
    const done = await action.run(() => reject({ variables: { input: { id, reason } } }), (r) => r.data?.rejectStockRequest.errors, t('supply.stockRequests.rejected'));
    if (done) onClose();
  };
  return (
    <Dialog open onClose={onClose} aria-labelledby="reject-title" fullWidth maxWidth="sm">
      <DialogTitle id="reject-title">{t('supply.stockRequests.reject')}</DialogTitle>
      <DialogContent>
        {action.alert}
        <TextField sx={{ mt: 1 }} fullWidth multiline required label={t('supply.stockRequests.rejectionReason')} value={reason} onChange={(e) => setReason(e.target.value)} slotProps={{ htmlInput: { maxLength: 500, 'data-testid': 'reject-reason' } }} />
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{t('common.cancel')}</Button>
        <Button color="error" variant="contained" disabled={action.busy || !reason.trim()} onClick={() => void submit()} data-testid="reject-submit">
          {t('supply.stockRequests.reject')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
