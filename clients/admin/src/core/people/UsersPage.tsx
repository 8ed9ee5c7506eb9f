/** Users (admins): search and role filter over cursor pages; create, invite, change role, deactivate. */
import { Box, Button, Dialog, DialogActions, DialogContent, DialogTitle, FormControlLabel, IconButton, MenuItem, Stack, Switch, TextField, Tooltip } from '@mui/material';
import BlockIcon from '@mui/icons-material/Block';
import EditIcon from '@mui/icons-material/Edit';
import MailIcon from '@mui/icons-material/Mail';
import PersonAddIcon from '@mui/icons-material/PersonAdd';
import type { GridColDef } from '@mui/x-data-grid';
import { useMutation, useQuery } from '@apollo/client/react';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat, useMiw } from '@miw/client-shared/react';
import { CursorGrid, ErrorAlert, PageHeader, useCursorPages } from '../../ui';
import { ConfirmDialog } from '../common/ConfirmDialog';
import { StatusChip } from '../common/StatusChip';
import { useAction } from '../../ui';
import { useDebounced } from '../common/useDebounced';
import { useSnackbar } from '../common/useSnackbar';
import type { CoreUsersQuery, Role } from '../../gql/graphql';
import { CreateUserDocument, DeactivateUserDocument, InviteDocument, UpdateUserDocument, UsersDocument } from '../operations';
import { OrganizationSelect } from './OrganizationSelect';
import { ROLES, kindOfRole } from './roles';

type User = CoreUsersQuery['users']['edges'][number]['node'];

export default function UsersPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const { session } = useMiw();
  const [search, setSearch] = useState('');
  const [role, setRole] = useState<Role | ''>('');
  const [includeDeactivated, setIncludeDeactivated] = useState(false);
  const settled = useDebounced(search.trim());
  const pages = useCursorPages(25);
  const { data, loading, error, refetch } = useQuery(UsersDocument, {
    variables: { filter: { ...(settled ? { search: settled } : {}), ...(role ? { role } : {}), includeDeactivated }, first: pages.first, after: pages.after },
  });
  const [dialog, setDialog] = useState<{ kind: 'create' | 'invite' } | { kind: 'edit'; user: User } | null>(null);
  const [deactivating, setDeactivating] = useState<User | null>(null);
  const [deactivate] = useMutation(DeactivateUserDocument);
  const action = useAction();
  const { notify, snackbar } = useSnackbar();
  const rows = data?.users.edges.map((e) => e.node) ?? [];
  const columns: GridColDef<User>[] = [
    { field: 'name', headerName: t('core.users.name'), flex: 1, minWidth: 160, sortable: false },
    { field: 'email', headerName: t('core.users.email'), flex: 1, minWidth: 200, sortable: false },
    { field: 'role', headerName: t('core.users.role'), width: 130, sortable: false, valueFormatter: (_v, row) => t(`shell.roles.${row.role}`) },
    { field: 'organization', headerName: t('core.users.organization'), width: 180, sortable: false, valueGetter: (_v, row) => row.organization?.name ?? '' },
    { field: 'homeRegion', headerName: t('core.users.homeRegion'), width: 100, sortable: false },
    { field: 'createdAt', headerName: t('core.users.createdAt'), width: 170, sortable: false, valueFormatter: (_v, row) => format.dateTime(row.createdAt) },
    {
      field: 'status',
      headerName: t('core.users.status'),
      width: 120,
      sortable: false,
      renderCell: ({ row }) => (row.deactivatedAt ? <StatusChip label={t('core.users.deactivated')} value="DEACTIVATED" testId="user-status" /> : <StatusChip label={t('core.users.active')} value="ACTIVE" color="success" testId="user-status" />),
    },
    {
      field: 'actions',
      headerName: t('core.actions'),
      width: 110,
      sortable: false,
      renderCell: ({ row }) =>
        row.deactivatedAt ? null : (
          <>
            <Tooltip title={t('core.users.changeRole')}>
              <IconButton size="small" aria-label={t('core.users.changeRoleOf', { name: row.name })} onClick={() => setDialog({ kind: 'edit', user: row })} data-testid="user-edit">
                <EditIcon fontSize="small" />
              </IconButton>
            </Tooltip>
            {row.id === session?.user.id ? null : (
              <Tooltip title={t('core.users.deactivate')}>
                <IconButton size="small" aria-label={t('core.users.deactivateOf', { name: row.name })} onClick={() => setDeactivating(row)} data-testid="user-deactivate">
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
    const done = await action.run(() => deactivate({ variables: { id: deactivating.id } }), (r) => r.data?.deactivateUser.errors);
    if (done) {
      notify(t('core.users.deactivatedOne', { name: deactivating.name }));
      setDeactivating(null);
      void refetch();
    }
  };
  const filter = (apply: () => void) => {
    apply();
    pages.reset();
  };
  return (
    <>
      <PageHeader
        title={t('core.users.title')}
        actions={
          <Stack direction="row" spacing={1}>
            <Button variant="outlined" startIcon={<MailIcon />} onClick={() => setDialog({ kind: 'invite' })} data-testid="user-invite">
              {t('core.users.invite')}
            </Button>
            <Button variant="contained" startIcon={<PersonAddIcon />} onClick={() => setDialog({ kind: 'create' })} data-testid="user-create">
              {t('core.users.create')}
            </Button>
          </Stack>
        }
      />
      <Box sx={{ display: 'flex', gap: 2, flexWrap: 'wrap', mb: 2, alignItems: 'center' }}>
        <TextField label={t('core.users.search')} value={search} onChange={(e) => filter(() => setSearch(e.target.value))} size="small" sx={{ minWidth: 260, flex: 1 }} slotProps={{ htmlInput: { 'data-testid': 'user-search' } }} />
        <TextField select label={t('core.users.role')} value={role} onChange={(e) => filter(() => setRole(e.target.value as Role | ''))} size="small" sx={{ minWidth: 160 }}>
          <MenuItem value="">{t('core.all')}</MenuItem>
          {ROLES.map((r) => (
            <MenuItem key={r} value={r}>
              {t(`shell.roles.${r}`)}
            </MenuItem>
          ))}
        </TextField>
        <FormControlLabel control={<Switch checked={includeDeactivated} onChange={(e) => filter(() => setIncludeDeactivated(e.target.checked))} />} label={t('core.users.includeDeactivated')} />
      </Box>
      <ErrorAlert error={error} />
      <CursorGrid<User> label={t('core.users.title')} rows={rows} columns={columns} loading={loading} {...pages.grid(data?.users.pageInfo, rows.length)} />
      {dialog ? (
        <UserDialog
          mode={dialog.kind}
          user={dialog.kind === 'edit' ? dialog.user : null}
          onClose={(message) => {
            setDialog(null);
            if (message) {
              notify(message);
              void refetch();
            }
          }}
        />
      ) : null}
      <ConfirmDialog
        open={deactivating !== null}
        title={t('core.users.deactivate')}
        text={t('core.users.deactivateText', { name: deactivating?.name ?? '', email: deactivating?.email ?? '' })}
        confirmLabel={t('core.users.deactivate')}
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

/** Create a user, invite one to an organization, or change a user's role and organization. */
function UserDialog({ mode, user, onClose }: { mode: 'create' | 'invite' | 'edit'; user: User | null; onClose(message: string | null): void }) {
  const { t } = useTranslation();
  const [email, setEmail] = useState(user?.email ?? '');
  const [name, setName] = useState(user?.name ?? '');
  const [role, setRole] = useState<Role>(user?.role ?? (mode === 'invite' ? 'PARTNER' : 'CUSTOMER'));
  const [organizationId, setOrganizationId] = useState(user?.organization?.id ?? '');
  const [homeRegion, setHomeRegion] = useState<'EU' | 'CN'>('EU');
  const [locale, setLocale] = useState('en');
  const [create] = useMutation(CreateUserDocument);
  const [update] = useMutation(UpdateUserDocument);
  const [invite] = useMutation(InviteDocument);
  const action = useAction();
  const kind = kindOfRole(role);
  const changeRole = (next: Role) => {
    // An organization of another kind does not fit the new role: choose again.
    if (kindOfRole(next) !== kind) setOrganizationId('');
    setRole(next);
  };
  const roles = mode === 'invite' ? ROLES.filter((r) => kindOfRole(r)) : ROLES;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const org = kind && organizationId ? { organizationId } : {};
    if (mode === 'edit' && user) {
      // A role without an organization (admin, shopper) must drop the one the user had.
      const change = kind ? org : { organizationId: null };
      const done = await action.run(() => update({ variables: { input: { id: user.id, name: name.trim(), role, ...change } } }), (r) => r.data?.updateUser.errors);
      if (done) onClose(t('core.saved'));
    } else if (mode === 'invite') {
      const done = await action.run(
        () => invite({ variables: { input: { organizationId, email: email.trim(), role, locale, ...(name.trim() ? { name: name.trim() } : {}) } } }),
        (r) => r.data?.inviteToOrganization.errors,
      );
      if (done) onClose(t('core.users.invited', { email: email.trim() }));
    } else {
      const done = await action.run(() => create({ variables: { input: { email: email.trim(), name: name.trim(), role, homeRegion, ...org } } }), (r) => r.data?.createUser.errors);
      if (done) onClose(t('core.users.created', { email: email.trim() }));
    }
  };
  const title = mode === 'edit' ? t('core.users.changeRole') : mode === 'invite' ? t('core.users.invite') : t('core.users.create');
  return (
    <Dialog open onClose={() => onClose(null)} aria-labelledby="user-dialog-title" maxWidth="sm" fullWidth>
      <form onSubmit={(e) => void submit(e)} data-testid="user-form">
        <DialogTitle id="user-dialog-title">{title}</DialogTitle>
        <DialogContent>
          {action.alert}
          <Stack spacing={2} sx={{ mt: 1 }}>
            <TextField label={t('core.users.email')} type="email" value={email} onChange={(e) => setEmail(e.target.value)} required disabled={mode === 'edit'} {...action.fieldProps('input.email')} slotProps={{ htmlInput: { 'data-testid': 'user-email' } }} />
            <TextField label={t('core.users.name')} value={name} onChange={(e) => setName(e.target.value)} required={mode !== 'invite'} {...action.fieldProps('input.name')} slotProps={{ htmlInput: { 'data-testid': 'user-name' } }} />
            <TextField select label={t('core.users.role')} value={role} onChange={(e) => changeRole(e.target.value as Role)} {...action.fieldProps('input.role')} slotProps={{ select: { native: true }, htmlInput: { 'data-testid': 'user-role' } }}>
              {roles.map((r) => (
                <option key={r} value={r}>
                  {t(`shell.roles.${r}`)}
                </option>
              ))}
            </TextField>
            {kind ? <OrganizationSelect kind={kind} value={organizationId} onChange={setOrganizationId} testId="user-organization" required {...action.fieldProps('input.organizationId')} /> : null}
            {mode === 'create' ? (
              <TextField select label={t('core.users.homeRegion')} value={homeRegion} onChange={(e) => setHomeRegion(e.target.value as 'EU' | 'CN')} slotProps={{ select: { native: true } }}>
                <option value="EU">{t('common.regions.eu')}</option>
                <option value="CN">{t('common.regions.cn')}</option>
              </TextField>
            ) : null}
            {mode === 'invite' ? (
              <TextField select label={t('common.language')} value={locale} onChange={(e) => setLocale(e.target.value)} slotProps={{ select: { native: true } }}>
                <option value="en">{t('common.languages.en')}</option>
                <option value="zh-CN">{t('common.languages.zh-CN')}</option>
              </TextField>
            ) : null}
          </Stack>
        </DialogContent>
        <DialogActions>
          <Button onClick={() => onClose(null)}>{t('common.cancel')}</Button>
          <Button type="submit" variant="contained" disabled={action.busy || (mode === 'invite' && !organizationId)} data-testid="user-save">
            {mode === 'invite' ? t('core.users.sendInvite') : t('common.save')}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
