/** The region's audit log (admins): filters by action, target and period; cursor pages; before/after. */
import { Box, Dialog, DialogContent, DialogTitle, Button, DialogActions, IconButton, TextField, Tooltip, Typography } from '@mui/material';
import VisibilityIcon from '@mui/icons-material/Visibility';
import type { GridColDef } from '@mui/x-data-grid';
import { useQuery } from '@apollo/client/react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '@miw/client-shared/react';
import { CursorGrid, ErrorAlert, PageHeader, useCursorPages } from '../../ui';
import { JsonView } from '../common/JsonView';
import { useDebounced } from '../common/useDebounced';
import type { CoreAuditLogQuery } from '../../gql/graphql';
import { AuditLogDocument } from '../operations';

type Entry = CoreAuditLogQuery['auditLog']['edges'][number]['node'];

/** A `datetime-local` value (local time) as an ISO instant, or nothing when empty. */
const instant = (local: string) => (local ? new Date(local).toISOString() : undefined);

export default function AuditLogPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const [action, setAction] = useState('');
  const [targetType, setTargetType] = useState('');
  const [targetId, setTargetId] = useState('');
  const [since, setSince] = useState('');
  const [until, setUntil] = useState('');
  const [shown, setShown] = useState<Entry | null>(null);
  const settled = useDebounced({ action: action.trim(), targetType: targetType.trim(), targetId: targetId.trim(), since, until });
  const pages = useCursorPages(25);
  const filter = {
    ...(settled.action ? { action: settled.action } : {}),
    ...(settled.targetType ? { targetType: settled.targetType } : {}),
    ...(/^[0-9a-f-]{36}$/i.test(settled.targetId) ? { targetId: settled.targetId } : {}),
    ...(settled.since ? { since: instant(settled.since) } : {}),
    ...(settled.until ? { until: instant(settled.until) } : {}),
  };
  const { data, loading, error } = useQuery(AuditLogDocument, { variables: { filter, first: pages.first, after: pages.after } });
  const columns: GridColDef<Entry>[] = [
    { field: 'at', headerName: t('core.audit.at'), width: 180, sortable: false, valueFormatter: (_v, row) => format.dateTime(row.at) },
    { field: 'action', headerName: t('core.audit.action'), flex: 1, minWidth: 160, sortable: false },
    { field: 'target', headerName: t('core.audit.target'), flex: 1, minWidth: 200, sortable: false, valueGetter: (_v, row) => `${row.targetType}${row.targetId ? ` ${row.targetId}` : ''}` },
    { field: 'actor', headerName: t('core.audit.actor'), width: 220, sortable: false, valueGetter: (_v, row) => `${row.actorKind}${row.actorId ? ` ${row.actorId}` : ''}${row.apiKeyId ? ` (${t('core.audit.apiKey')})` : ''}` },
    {
      field: 'details',
      headerName: t('core.audit.details'),
      width: 90,
      sortable: false,
      renderCell: ({ row }) => (
        <Tooltip title={t('core.audit.details')}>
          <IconButton size="small" aria-label={t('core.audit.detailsOf', { action: row.action })} onClick={() => setShown(row)} data-testid="audit-details">
            <VisibilityIcon fontSize="small" />
          </IconButton>
        </Tooltip>
      ),
    },
  ];
  const change = (set: (v: string) => void) => (e: { target: { value: string } }) => {
    set(e.target.value);
    pages.reset();
  };
  const rows = data?.auditLog.edges.map((e) => e.node) ?? [];
  return (
    <>
      <PageHeader title={t('core.audit.title')} subtitle={t('core.audit.subtitle')} />
      <Box sx={{ display: 'flex', gap: 2, flexWrap: 'wrap', mb: 2 }}>
        <TextField size="small" label={t('core.audit.action')} value={action} onChange={change(setAction)} slotProps={{ htmlInput: { 'data-testid': 'audit-action' } }} />
        <TextField size="small" label={t('core.audit.targetType')} value={targetType} onChange={change(setTargetType)} />
        <TextField size="small" label={t('core.audit.targetId')} value={targetId} onChange={change(setTargetId)} sx={{ minWidth: 300 }} />
        <TextField size="small" type="datetime-local" label={t('core.audit.since')} value={since} onChange={change(setSince)} slotProps={{ inputLabel: { shrink: true } }} />
        <TextField size="small" type="datetime-local" label={t('core.audit.until')} value={until} onChange={change(setUntil)} slotProps={{ inputLabel: { shrink: true } }} />
      </Box>
      <ErrorAlert error={error} />
      <CursorGrid<Entry> label={t('core.audit.title')} rows={rows} columns={columns} loading={loading} {...pages.grid(data?.auditLog.pageInfo, rows.length)} />
      <Dialog open={shown !== null} onClose={() => setShown(null)} aria-labelledby="audit-title" maxWidth="md" fullWidth>
        <DialogTitle id="audit-title">{shown ? `${shown.action} · ${format.dateTime(shown.at)}` : ''}</DialogTitle>
        <DialogContent>
          {shown?.correlationId ? <Typography variant="body2" gutterBottom>{t('core.audit.correlation', { id: shown.correlationId })}</Typography> : null}
          <Box sx={{ display: 'grid', gap: 2, gridTemplateColumns: { xs: '1fr', md: '1fr 1fr' } }}>
            <Box>
              <Typography variant="subtitle2" component="h2">
                {t('core.audit.before')}
              </Typography>
              <JsonView value={shown?.before} label={t('core.audit.before')} />
            </Box>
            <Box>
              <Typography variant="subtitle2" component="h2">
                {t('core.audit.after')}
              </Typography>
              <JsonView value={shown?.after} label={t('core.audit.after')} />
            </Box>
          </Box>
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setShown(null)}>{t('common.close')}</Button>
        </DialogActions>
      </Dialog>
    </>
  );
}
