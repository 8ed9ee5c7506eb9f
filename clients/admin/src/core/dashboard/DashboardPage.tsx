/**
 * The admin's home: today's orders and revenue (the region's daily report so far), low-stock
 * levels, pending stock requests, open shipment exceptions, and the cross-region sync of both
 * regions (lag, dead letters). Shipment changes arrive live; the rest is polled every 10 s (the API
 * has no subscription for them).
 */
import { Alert, Box, Card, CardContent, Chip, List, ListItem, ListItemText, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import { useQuery, useSubscription } from '@apollo/client/react';
import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { createRegionClient, REGIONS, type RegionClient, type RegionCode } from '@miw/client-shared';
import { useFormat, useMiw } from '@miw/client-shared/react';
import { ErrorAlert, Loading, PageHeader } from '../../ui';
import { DashboardDocument, LowStockDocument, ShipmentsChangedDocument, SyncStatusDocument } from '../operations';

const POLL_MS = 10_000;
const todayUtc = () => new Date().toISOString().slice(0, 10);

export default function DashboardPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const { region } = useMiw();
  const [date, setDate] = useState(todayUtc);
  const { data, error, loading, refetch } = useQuery(DashboardDocument, { variables: { date }, pollInterval: POLL_MS });
  const low = useQuery(LowStockDocument, { variables: { region: region === 'eu' ? 'EU' : 'CN' }, pollInterval: POLL_MS });
  useSubscription(ShipmentsChangedDocument, { onData: () => void refetch() });
  // The report is per UTC day: roll over at midnight without a reload.
  useEffect(() => {
    const timer = setInterval(() => setDate(todayUtc()), 60_000);
    return () => clearInterval(timer);
  }, []);

  if (loading && !data) return <Loading />;
  const report = data?.dailyReport;
  const lowStock = (low.data?.stores ?? []).flatMap((s) => (s.inventoryLevels ?? []).filter((l) => l.lowStock).map((l) => ({ ...l, store: s.name })));
  const pending = data?.stockRequests;
  const exceptions = data?.shipments;
  const countText = (n: number, more: boolean | undefined) => (more ? `${n}+` : String(n));

  return (
    <>
      <PageHeader title={t('core.dashboard.title')} subtitle={t('core.dashboard.subtitle', { region: t(`common.regions.${region}`), date })} />
      <ErrorAlert error={error ?? low.error} />
      <Box sx={{ display: 'grid', gap: 2, gridTemplateColumns: { xs: '1fr', sm: '1fr 1fr', lg: 'repeat(4, 1fr)' }, mb: 2 }}>
        <Metric label={t('core.dashboard.ordersToday')} testId="dashboard-orders">
          {report?.ordersPlaced ?? 0}
        </Metric>
        <Metric label={t('core.dashboard.revenueToday')} testId="dashboard-revenue">
          {report && report.revenue.length > 0 ? report.revenue.map((r) => <Box key={r.currency}>{format.money(r)}</Box>) : format.money({ amount: 0, currency: region === 'eu' ? 'EUR' : 'CNY' })}
        </Metric>
        <Metric label={t('core.dashboard.pendingRequests')} testId="dashboard-pending-requests">
          {countText(pending?.edges.length ?? 0, pending?.pageInfo.hasNextPage)}
        </Metric>
        <Metric label={t('core.dashboard.openExceptions')} testId="dashboard-exceptions">
          {countText(exceptions?.edges.length ?? 0, exceptions?.pageInfo.hasNextPage)}
        </Metric>
      </Box>
      <Box sx={{ display: 'grid', gap: 2, gridTemplateColumns: { xs: '1fr', lg: '1fr 1fr' }, mb: 2 }}>
        <Card variant="outlined">
          <CardContent>
            <Typography variant="h6" component="h2" gutterBottom>
              {t('core.dashboard.lowStock', { count: lowStock.length })}
            </Typography>
            {lowStock.length === 0 ? (
              <Typography color="text.secondary">{t('core.dashboard.noLowStock')}</Typography>
            ) : (
              <List dense data-testid="dashboard-low-stock">
                {lowStock.slice(0, 20).map((l) => (
                  <ListItem key={l.id} divider>
                    <ListItemText primary={l.product.name} secondary={t('core.dashboard.lowStockLine', { store: l.store, available: l.available, threshold: l.lowStockThreshold })} />
                  </ListItem>
                ))}
              </List>
            )}
          </CardContent>
        </Card>
        <Card variant="outlined">
          <CardContent>
            <Typography variant="h6" component="h2" gutterBottom>
              {t('core.dashboard.exceptions')}
            </Typography>
            {(exceptions?.edges.length ?? 0) === 0 ? (
              <Typography color="text.secondary">{t('core.dashboard.noExceptions')}</Typography>
            ) : (
              <List dense data-testid="dashboard-exception-list">
                {exceptions?.edges.slice(0, 20).map(({ node }) => (
                  <ListItem key={node.id} divider>
                    <ListItemText primary={node.store.name} secondary={`${node.exceptionReason ?? ''} · ${format.dateTime(node.updatedAt)}`} />
                  </ListItem>
                ))}
              </List>
            )}
          </CardContent>
        </Card>
      </Box>
      <Typography variant="h6" component="h2" gutterBottom>
        {t('core.dashboard.sync')}
      </Typography>
      <Box sx={{ display: 'grid', gap: 2, gridTemplateColumns: { xs: '1fr', lg: '1fr 1fr' } }}>
        {REGIONS.map((r) => (
          <RegionSync key={r} region={r} />
        ))}
      </Box>
    </>
  );
}

function Metric({ label, testId, children }: { label: string; testId: string; children: ReactNode }) {
  return (
    <Card variant="outlined">
      <CardContent>
        <Typography variant="body2" color="text.secondary" component="h2">
          {label}
        </Typography>
        <Typography variant="h4" component="div" data-testid={testId}>
          {children}
        </Typography>
      </CardContent>
    </Card>
  );
}

/** The current region's client, or a second one to the other region while the dashboard is open. */
function useRegionClient(target: RegionCode): RegionClient | null {
  const { client, region, config, sessions } = useMiw();
  const [other, setOther] = useState<RegionClient | null>(null);
  useEffect(() => {
    if (target === region) return;
    const created = createRegionClient({ config, region: target, session: sessions });
    setOther(created);
    return () => {
      setOther(null);
      created.dispose();
    };
  }, [target, region, config, sessions]);
  return target === region ? client : other;
}

function RegionSync({ region }: { region: RegionCode }) {
  const { t } = useTranslation();
  const format = useFormat();
  const regionClient = useRegionClient(region);
  const { data, error } = useQuery(SyncStatusDocument, { pollInterval: POLL_MS, skip: !regionClient, ...(regionClient ? { client: regionClient.apollo } : {}) });
  const ms = (v: number | null | undefined) => (v === null || v === undefined ? '—' : t('core.dashboard.seconds', { value: (v / 1000).toFixed(1) }));
  const status = data?.syncStatus;
  return (
    <Card variant="outlined" data-testid={`sync-${region}`}>
      <CardContent>
        <Box sx={{ display: 'flex', alignItems: 'center', gap: 1, mb: 1 }}>
          <Typography variant="subtitle1" component="h3" sx={{ flex: 1 }}>
            {t(`common.regions.${region}`)}
          </Typography>
          {status ? <Chip size="small" color={status.reachable ? 'success' : 'error'} label={t(status.reachable ? 'core.dashboard.reachable' : 'core.dashboard.unreachable')} /> : null}
        </Box>
        <ErrorAlert error={error} />
        {status ? (
          <Table size="small" aria-label={t('core.dashboard.syncOf', { region: t(`common.regions.${region}`) })}>
            <TableHead>
              <TableRow>
                <TableCell>{t('core.dashboard.direction')}</TableCell>
                <TableCell align="right">{t('core.dashboard.lagP50')}</TableCell>
                <TableCell align="right">{t('core.dashboard.lagP99')}</TableCell>
                <TableCell align="right">{t('core.dashboard.deadLetters')}</TableCell>
                <TableCell>{t('core.dashboard.lastApplied')}</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {status.directions.map((d) => (
                <TableRow key={d.direction} data-testid="sync-direction" data-direction={d.direction} data-dead-letters={d.deadLettered}>
                  <TableCell>{t(`core.dashboard.directions.${d.direction}`, { defaultValue: d.direction })}</TableCell>
                  <TableCell align="right">{ms(d.lagP50Ms)}</TableCell>
                  <TableCell align="right">{ms(d.lagP99Ms)}</TableCell>
                  <TableCell align="right">{d.deadLettered > 0 ? <Chip size="small" color="error" label={d.deadLettered} /> : d.deadLettered}</TableCell>
                  <TableCell>{d.lastAppliedAt ? format.dateTime(d.lastAppliedAt) : '—'}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        ) : error ? null : (
          <Loading />
        )}
        {status && !status.reachable ? <Alert severity="warning">{t('core.dashboard.workerUnreachable')}</Alert> : null}
      </CardContent>
    </Card>
  );
}
