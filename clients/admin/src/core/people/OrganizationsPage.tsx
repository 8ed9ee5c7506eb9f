/** Organizations (admins): search and kind filter over cursor pages; create and deactivate. */
import { Box, Button, Dialog, DialogActions, DialogContent, DialogTitle, FormControlLabel, IconButton, MenuItem, Stack, Switch, TextField, Tooltip } from '@mui/material';
import AddIcon from '@mui/icons-material/Add';
import BlockIcon from '@mui/icons-material/Block';
import MailIcon from '@mui/icons-material/Mail';
import type { GridColDef } from '@mui/x-data-grid';
import { useMutation, useQuery } from '@apollo/client/react';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '@miw/client-shared/react';
import { CursorGrid, ErrorAlert, PageHeader, useCursorPages } from '../../ui';
import { ConfirmDialog } from '../common/ConfirmDialog';
import { StatusChip } from '../common/StatusChip';
import { useAction } from '../../ui';
import { useDebounced } from '../common/useDebounced';
import { useSnackbar } from '../common/useSnackbar';
import type { CoreOrganizationsQuery, OrganizationKind } from '../../gql/graphql';
import { CreateOrganizationDocument, DeactivateOrganizationDocument, OrganizationsDocument } from '../operations';
import { InvitationsDialog } from './InvitationsDialog';
import { KINDS } from './roles';

type Organization = CoreOrganizationsQuery['organizations']['edges'][number]['node'];

export default function OrganizationsPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const [search, setSearch] = useState('');
  const [kind, setKind] = useState<OrganizationKind | ''>('');
  const [includeDeactivated, setIncludeDeactivated] = useState(false);
  const settled = useDebounced(search.trim());
  const pages = useCursorPages(25);
  const { data, loading, error, refetch } = useQuery(OrganizationsDocument, {
    variables: { filter: { ...(settled ? { search: settled } : {}), ...(kind ? { kind } : {}), includeDeactivated }, first: pages.first, after: pages.after },
  });
  const [creating, setCreating] = useState(false);
  const [deactivating, setDeactivating] = useState<Organization | null>(null);
  const [invitationsOf, setInvitationsOf] = useState<Organization | null>(null);
  const [deactivate] = useMutation(DeactivateOrganizationDocument);
  const action = useAction();
  const { notify, snackbar } = useSnackbar();
  const columns: GridColDef<Organization>[] = [
    { field: 'name', headerName: t('core.organizations.name'), flex: 1, sortable: false },
    { field: 'kind', headerName: t('core.organizations.kind'), width: 160, sortable: false, valueFormatter: (_v, row) => t(`core.organizations.kinds.${row.kind}`) },
    { field: 'createdAt', headerName: t('core.users.createdAt'), width: 180, sortable: false, valueFormatter: (_v, row) => format.dateTime(row.createdAt) },
    {
      field: 'status',
      headerName: t('core.users.status'),
      width: 130,
      sortable: false,
      renderCell: ({ row }) => (row.deactivatedAt ? <StatusChip label={t('core.users.deactivated')} value="DEACTIVATED" testId="organization-status" /> : <StatusChip label={t('core.users.active')} value="ACTIVE" color="success" testId="organization-status" />),
    },
    {
      field: 'actions',
      headerName: t('core.actions'),
      width: 110,
      sortable: false,
      renderCell: ({ row }) => (
        <>
          <Tooltip title={t('core.organizations.invitations')}>
            <IconButton size="small" aria-label={t('core.organizations.invitationsOf', { name: row.name })} onClick={() => setInvitationsOf(row)} data-testid="organization-invitations">
              <MailIcon fontSize="small" />
            </IconButton>
          </Tooltip>
          {row.deactivatedAt ? null : (
            <Tooltip title={t('core.organizations.deactivate')}>
              <IconButton size="small" aria-label={t('core.organizations.deactivateOf', { name: row.name })} onClick={() => setDeactivating(row)} data-testid="organization-deactivate">
                <BlockIcon fontSize="small" />
              </IconButton>
            </Tooltip>
          )}
        </>
      ),
    },
  ];
  const doDeactivate = async () => {
    if (!deactivating) return;
    const done = await action.run(() => deactivate({ variables: { id: deactivating.id } }), (r) => r.data?.deactivateOrganization.errors);
    if (done) {
      notify(t('core.organizations.deactivated', { name: deactivating.name }));
      setDeactivating(null);
      void refetch();
    }
  };
  const filter = (apply: () => void) => {
    apply();
    pages.reset();
  };
  const rows = data?.organizations.edges.map((e) => e.node) ?? [];
  return (
    <>
      <PageHeader
        title={t('core.organizations.title')}
        actions={
          <Button variant="contained" startIcon={<AddIcon />} onClick={() => setCreating(true)} data-testid="organization-create">
            {t('core.organizations.create')}
          </Button>
        }
      />
      <Box sx={{ display: 'flex', gap: 2, flexWrap: 'wrap', mb: 2, alignItems: 'center' }}>
        <TextField label={t('core.organizations.search')} value={search} onChange={(e) => filter(() => setSearch(e.target.value))} size="small" sx={{ minWidth: 260, flex: 1 }} slotProps={{ htmlInput: { 'data-testid': 'organization-search' } }} />
        <TextField select label={t('core.organizations.kind')} value={kind} onChange={(e) => filter(() => setKind(e.target.value as OrganizationKind | ''))} size="small" sx={{ minWidth: 160 }}>
          <MenuItem value="">{t('core.all')}</MenuItem>
          {KINDS.map((k) => (
            <MenuItem key={k} value={k}>
              {t(`core.organizations.kinds.${k}`)}
            </MenuItem>
          ))}
        </TextField>
        <FormControlLabel control={<Switch checked={includeDeactivated} onChange={(e) => filter(() => setIncludeDeactivated(e.target.checked))} />} label={t('core.users.includeDeactivated')} />
      </Box>
      <ErrorAlert error={error} />
      <CursorGrid<Organization> label={t('core.organizations.title')} rows={rows} columns={columns} loading={loading} {...pages.grid(data?.organizations.pageInfo, rows.length)} />
      {invitationsOf ? <InvitationsDialog organization={invitationsOf} onClose={() => setInvitationsOf(null)} /> : null}
      {creating ? (
        <CreateOrganizationDialog
          onClose={(created) => {
            setCreating(false);
            if (created) {
              notify(t('core.saved'));
              void refetch();
            }
          }}
        />
      ) : null}
      <ConfirmDialog
        open={deactivating !== null}
        title={t('core.organizations.deactivate')}
        text={t('core.organizations.deactivateText', { name: deactivating?.name ?? '' })}
        confirmLabel={t('core.organizations.deactivate')}
        danger
        busy={action.busy}
        alert={action.alert}
        onConfirm={() => void doDeactivate()}
        onClose={() => {
          action.clear();
          setDeactivating(null);
        }}
      />
      {snackbar}
    </>
  );
}

function CreateOrganizationDialog({ onClose }: { onClose(created: boolean): void }) {
  const { t } = useTranslation();
  const [name, setName] = useState('');
  const [kind, setKind] = useState<OrganizationKind>('PARTNER');
  const [create] = useMutation(CreateOrganizationDocument);
  const action = useAction();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const done = await action.run(() => create({ variables: { input: { name: name.trim(), kind } } }), (r) => r.data?.createOrganization.errors);
    if (done) onClose(true);
  };
  return (
    <Dialog open onClose={() => onClose(false)} aria-labelledby="organization-dialog-title" maxWidth="sm" fullWidth>
      <form onSubmit={(e) => void submit(e)} data-testid="organization-form">
        <DialogTitle id="organization-dialog-title">{t('core.organizations.create')}</DialogTitle>
        <DialogContent>
          {action.alert}
          <Stack spacing={2} sx={{ mt: 1 }}>
            <TextField label={t('core.organizations.name')} value={name} onChange={(e) => setName(e.target.value)} required {...action.fieldProps('input.name')} slotProps={{ htmlInput: { 'data-testid': 'organization-name' } }} />
            <TextField select label={t('core.organizations.kind')} value={kind} onChange={(e) => setKind(e.target.value as OrganizationKind)} slotProps={{ select: { native: true }, htmlInput: { 'data-testid': 'organization-kind' } }}>
              {KINDS.map((k) => (
                <option key={k} value={k}>
                  {t(`core.organizations.kinds.${k}`)}
                </option>
              ))}
            </TextField>
          </Stack>
        </DialogContent>
        <DialogActions>
          <Button onClick={() => onClose(false)}>{t('common.cancel')}</Button>
          <Button type="submit" variant="contained" disabled={action.busy} data-testid="organization-save">
            {t('common.create')}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
