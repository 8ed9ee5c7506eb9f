/**
 * One shipment, live (`shipmentUpdated`, no reload): its lines and tracking history; the carrier
 * (or an admin) records tracking updates, an admin assigns the carrier, the destination store's
 * partner verifies the received quantities of a delivered shipment.
 */
import { Box, Button, Link, List, ListItem, ListItemText, MenuItem, Paper, Stack, TextField, Typography } from '@mui/material';
import { useMutation, useQuery, useSubscription } from '@apollo/client/react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink, useParams } from 'react-router';
import { useFormat, useMiw } from '@miw/client-shared/react';
import { ErrorAlert, Loading, NotAllowed, PageHeader } from '../../ui';
import type { ShipmentStatus, SupplyShipmentDetailFieldsFragment } from '../../gql/graphql';
import { Lines } from '../common/lines';
import { LogisticsOrganizationsDocument } from '../common/operations';
import { StatusChip } from '../common/StatusChip';
import { useAction } from '../../ui';
import { useNotice } from '../common/notice';
import { AssignShipmentDocument, RecordTrackingEventDocument, ShipmentDocument, ShipmentUpdatedDocument, VerifyShipmentDocument } from './operations';
import { NEXT_STATUSES } from './statuses';

export default function ShipmentDetailPage() {
  const { shipmentId = '' } = useParams();
  const { data, loading, error } = useQuery(ShipmentDocument, { variables: { id: shipmentId } });
  // Each update is written into the shipment's cache entry: the screen follows without a reload.
  useSubscription(ShipmentUpdatedDocument, { variables: { id: shipmentId } });
  if (loading && !data) return <Loading />;
  if (!error && !data?.shipment) return <NotAllowed />;
  return (
    <Box>
      <ErrorAlert error={error} />
      {data?.shipment ? <Detail shipment={data.shipment} /> : null}
    </Box>
  );
}

function Detail({ shipment }: { shipment: SupplyShipmentDetailFieldsFragment }) {
  const { t } = useTranslation();
  const { session } = useMiw();
  const format = useFormat();
  const role = session!.user.role;
  const notice = useNotice();
  const delivered = shipment.status === 'DELIVERED';
  return (
    <Box data-testid="shipment-detail" data-id={shipment.id}>
      <PageHeader
        title={t('supply.shipments.detailTitle', { store: shipment.store.name })}
        subtitle={t('supply.shipments.createdAt', { date: format.dateTime(shipment.createdAt) })}
        actions={<StatusChip kind="shipment" status={shipment.status} testId="shipment-status" />}
      />
      <Paper variant="outlined" sx={{ p: 2, mb: 2 }}>
        <Typography>
          {t('supply.shipments.carrier')}: {shipment.logisticsOrganization?.name ?? t('supply.shipments.noCarrier')}
        </Typography>
        {shipment.exceptionReason && shipment.status === 'EXCEPTION' ? (
          <Typography color="warning.main" data-testid="shipment-exception">
            {t('supply.shipments.exceptionReason')}: {shipment.exceptionReason}
          </Typography>
        ) : null}
        {shipment.deliveredAt ? <Typography>{t('supply.shipments.deliveredAt', { date: format.dateTime(shipment.deliveredAt) })}</Typography> : null}
        {shipment.verifiedAt ? <Typography data-testid="shipment-verified">{t('supply.shipments.verifiedAt', { date: format.dateTime(shipment.verifiedAt) })}</Typography> : null}
        {shipment.stockRequest ? (
          <Link component={RouterLink} to={`/stock-requests/${shipment.stockRequest.id}`}>
            {t('supply.shipments.request')}
          </Link>
        ) : null}
      </Paper>
      {role === 'PARTNER' && delivered && !shipment.verifiedAt ? (
        <VerifyForm shipment={shipment} notify={notice.notify} />
      ) : (
        <Paper variant="outlined" sx={{ p: 2, mb: 2 }}>
          <Lines
            label={t('supply.fields.items')}
            head={[t('supply.fields.product'), t('supply.fields.sku'), t('supply.fields.quantity'), t('supply.shipments.received'), t('supply.shipments.discrepancy')]}
            rows={shipment.items.map((i, index) => ({
              key: i.id,
              cells: [i.product.name, i.product.sku, i.quantity, i.receivedQuantity ?? '–', <span key="d" data-testid={`shipment-discrepancy-${index}`}>{i.discrepancy ?? '–'}</span>],
            }))}
          />
        </Paper>
      )}
      {(role === 'LOGISTICS' || role === 'ADMIN') && !delivered ? <TrackingForm shipmentId={shipment.id} current={shipment.status} notify={notice.notify} /> : null}
      {role === 'ADMIN' && !delivered ? <AssignForm shipment={shipment} notify={notice.notify} /> : null}
      <Typography variant="h6" component="h2" sx={{ mt: 2 }}>
        {t('supply.shipments.tracking')}
      </Typography>
      {shipment.trackingEvents.length === 0 ? (
        <Typography color="text.secondary">{t('supply.shipments.noTracking')}</Typography>
      ) : (
        <List dense data-testid="shipment-tracking">
          {[...shipment.trackingEvents].reverse().map((e) => (
            <ListItem key={e.id} divider>
              <ListItemText
                primary={[e.status ? t(`supply.status.shipment.${e.status}`) : null, e.location, e.note].filter(Boolean).join(' · ')}
                secondary={format.dateTime(e.occurredAt)}
              />
            </ListItem>
          ))}
        </List>
      )}
      {notice.snackbar}
    </Box>
  );
}

function TrackingForm({ shipmentId, current, notify }: { shipmentId: string; current: ShipmentStatus; notify: (text: string) => void }) {
  const { t } = useTranslation();
  const [status, setStatus] = useState<ShipmentStatus | ''>('');
  const [location, setLocation] = useState('');
  const [note, setNote] = useState('');
  const [record] = useMutation(RecordTrackingEventDocument);
  const action = useAction(notify);
  // An exception needs its reason; an update says at least something.
  const valid = (status !== 'EXCEPTION' || note.trim() !== '') && (status !== '' || location.trim() !== '' || note.trim() !== '');
  const submit = async () => {
    const done = await action.run(
      () =>
        record({
          variables: {
            // A fresh key per submission: a retried request of the same update is applied once by the API.
            input: { shipmentId, idempotencyKey: crypto.randomUUID(), ...(status ? { status } : {}), ...(location.trim() ? { location: location.trim() } : {}), ...(note.trim() ? { note: note.trim() } : {}) },
          },
        }),
      (r) => r.data?.recordTrackingEvent.errors,
      t('supply.shipments.trackingSaved'),
    );
    if (done) {
      setStatus('');
      setLocation('');
      setNote('');
    }
  };
  return (
    <Paper variant="outlined" sx={{ p: 2, mb: 2 }} component="section" aria-labelledby="tracking-form-title">
      <Typography variant="h6" component="h2" id="tracking-form-title" gutterBottom>
        {t('supply.shipments.addTracking')}
      </Typography>
      {action.alert}
      <Stack direction={{ xs: 'column', md: 'row' }} spacing={2}>
        <TextField select label={t('supply.fields.status')} value={status} onChange={(e) => setStatus(e.target.value as ShipmentStatus | '')} sx={{ minWidth: 200 }} slotProps={{ select: { SelectDisplayProps: { 'data-testid': 'tracking-status' } as object } }}>
          <MenuItem value="">{t('supply.shipments.noStatusChange')}</MenuItem>
          {NEXT_STATUSES[current].map((s) => (
            <MenuItem key={s} value={s} data-testid={`tracking-status-${s}`}>
              {t(`supply.status.shipment.${s}`)}
            </MenuItem>
          ))}
        </TextField>
        <TextField label={t('supply.shipments.location')} value={location} onChange={(e) => setLocation(e.target.value)} slotProps={{ htmlInput: { maxLength: 200, 'data-testid': 'tracking-location' } }} />
        <TextField
          label={status === 'EXCEPTION' ? t('supply.shipments.exceptionReason') : t('supply.fields.note')}
          required={status === 'EXCEPTION'}
          value={note}
          onChange={(e) => setNote(e.target.value)}
          sx={{ flex: 1 }}
          slotProps={{ htmlInput: { maxLength: 500, 'data-testid': 'tracking-note' } }}
        />
        <Button variant="contained" disabled={action.busy || !valid} onClick={() => void submit()} data-testid="tracking-submit">
          {t('supply.shipments.record')}
        </Button>
      </Stack>
    </Paper>
  );
}

function AssignForm({ shipment, notify }: { shipment: SupplyShipmentDetailFieldsFragment; notify: (text: string) => void }) {
  const { t } = useTranslation();
  const [carrier, setCarrier] = useState(shipment.logisticsOrganization?.id ?? '');
  const carriers = useQuery(LogisticsOrganizationsDocument);
  const [assign] = useMutation(AssignShipmentDocument);
  const action = useAction(notify);
  const submit = () => action.run(() => assign({ variables: { input: { shipmentId: shipment.id, logisticsOrganizationId: carrier } } }), (r) => r.data?.assignShipment.errors, t('supply.shipments.assigned'));
  return (
    <Paper variant="outlined" sx={{ p: 2, mb: 2 }} component="section" aria-labelledby="assign-form-title">
      <Typography variant="h6" component="h2" id="assign-form-title" gutterBottom>
        {t('supply.shipments.assign')}
      </Typography>
      {action.alert}
      <Stack direction="row" spacing={2}>
        <TextField select label={t('supply.shipments.carrier')} value={carriers.data ? carrier : ''} onChange={(e) => setCarrier(e.target.value)} sx={{ minWidth: 240 }} slotProps={{ select: { SelectDisplayProps: { 'data-testid': 'assign-carrier' } as object } }}>
          {(carriers.data?.organizations.edges ?? []).map((e) => (
            <MenuItem key={e.node.id} value={e.node.id} data-testid={`assign-carrier-${e.node.id}`}>
              {e.node.name}
            </MenuItem>
          ))}
        </TextField>
        <Button variant="contained" disabled={action.busy || !carrier || carrier === shipment.logisticsOrganization?.id} onClick={() => void submit()} data-testid="assign-submit">
          {t('supply.shipments.assign')}
        </Button>
      </Stack>
    </Paper>
  );
}

function VerifyForm({ shipment, notify }: { shipment: SupplyShipmentDetailFieldsFragment; notify: (text: string) => void }) {
  const { t } = useTranslation();
  const [received, setReceived] = useState<string[]>(() => shipment.items.map((i) => String(i.quantity)));
  const [verify] = useMutation(VerifyShipmentDocument);
  const action = useAction(notify);
  const valid = received.every((r) => /^\d+$/.test(r));
  const submit = () =>
    action.run(
      () => verify({ variables: { input: { shipmentId: shipment.id, items: shipment.items.map((i, index) => ({ shipmentItemId: i.id, receivedQuantity: Number(received[index]) })) } } }),
      (r) => r.data?.verifyShipment.errors,
      t('supply.shipments.verified'),
    );
  return (
    <Paper variant="outlined" sx={{ p: 2, mb: 2 }} component="section" aria-labelledby="verify-form-title">
      <Typography variant="h6" component="h2" id="verify-form-title" gutterBottom>
        {t('supply.shipments.verify')}
      </Typography>
      <Typography variant="body2" color="text.secondary" gutterBottom>
        {t('supply.shipments.verifyHint')}
      </Typography>
      {action.alert}
      <Lines
        label={t('supply.fields.items')}
        head={[t('supply.fields.product'), t('supply.fields.sku'), t('supply.fields.quantity'), t('supply.shipments.received'), t('supply.shipments.discrepancy')]}
        rows={shipment.items.map((i, index) => ({
          key: i.id,
          cells: [
            i.product.name,
            i.product.sku,
            i.quantity,
            <TextField
              key="r"
              size="small"
              type="number"
              value={received[index]}
              onChange={(e) => setReceived((r) => r.map((v, k) => (k === index ? e.target.value : v)))}
              sx={{ width: 110 }}
              slotProps={{ htmlInput: { min: 0, 'aria-label': t('supply.shipments.receivedOf', { product: i.product.name }), 'data-testid': `verify-received-${index}` } }}
            />,
            /^\d+$/.test(received[index] ?? '') ? Number(received[index]) - i.quantity : '–',
          ],
        }))}
      />
      <Button sx={{ mt: 2 }} variant="contained" disabled={action.busy || !valid} onClick={() => void submit()} data-testid="verify-submit">
        {t('supply.shipments.verify')}
      </Button>
    </Paper>
  );
}
