/** The invitations of one organization (cursor pages), newest first; a pending one can be revoked. */
import { Button, Dialog, DialogActions, DialogContent, DialogTitle, IconButton, Tooltip } from '@mui/material';
import CancelIcon from '@mui/icons-material/Cancel';
import type { GridColDef } from '@mui/x-data-grid';
import { useMutation, useQuery } from '@apollo/client/react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '@miw/client-shared/react';
import { CursorGrid, ErrorAlert, useCursorPages } from '../../ui';
import { StatusChip } from '../common/StatusChip';
import { useAction } from '../../ui';
import type { CoreInvitationsQuery } from '../../gql/graphql';
import { InvitationsDocument, RevokeInvitationDocument } from '../operations';

type Invitation = CoreInvitationsQuery['invitations']['edges'][number]['node'];

export function InvitationsDialog({ organization, onClose }: { organization: { id: string; name: string }; onClose(): void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const pages = useCursorPages(10);
  const { data, loading, error } = useQuery(InvitationsDocument, { variables: { organizationId: organization.id, first: pages.first, after: pages.after } });
  // The answer's status updates the row through the normalized cache.
  const [revoke] = useMutation(RevokeInvitationDocument);
  const action = useAction();
  const rows = data?.invitations.edges.map((e) => e.node) ?? [];
  const columns: GridColDef<Invitation>[] = [
    { field: 'email', headerName: t('core.users.email'), flex: 1, minWidth: 200, sortable: false, valueGetter: (_v, row) => row.user?.email ?? '' },
    { field: 'role', headerName: t('core.users.role'), width: 130, sortable: false, valueFormatter: (_v, row) => t(`shell.roles.${row.role}`) },
    {
      field: 'status',
      headerName: t('core.users.status'),
      width: 130,
      sortable: false,
      renderCell: ({ row }) => <StatusChip label={t(`core.organizations.invitationStatuses.${row.status}`)} value={row.status} color={row.status === 'ACCEPTED' ? 'success' : row.status === 'PENDING' ? 'primary' : 'default'} testId="invitation-status" />,
    },
    { field: 'expiresAt', headerName: t('core.organizations.expires'), width: 180, sortable: false, valueFormatter: (_v, row) => format.dateTime(row.expiresAt) },
    {
      field: 'actions',
      headerName: t('core.actions'),
      width: 100,
      sortable: false,
      renderCell: ({ row }) =>
        row.status === 'PENDING' ? (
          <Tooltip title={t('core.organizations.revokeInvitation')}>
            <IconButton
              size="small"
              aria-label={t('core.organizations.revokeInvitationOf', { email: row.user?.email ?? '' })}
              disabled={action.busy}
              onClick={() => void action.run(() => revoke({ variables: { id: row.id } }), (r) => r.data?.revokeInvitation.errors)}
              data-testid="invitation-revoke"
            >
              <CancelIcon fontSize="small" />
            </IconButton>
          </Tooltip>
        ) : null,
    },
  ];
  return (
    <Dialog open onClose={onClose} aria-labelledby="invitations-title" maxWidth="md" fullWidth data-testid="invitations-dialog">
      <DialogTitle id="invitations-title">{t('core.organizations.invitationsOf', { name: organization.name })}</DialogTitle>
      <DialogContent>
        {action.alert}
        <ErrorAlert error={error} />
        <CursorGrid<Invitation> label={t('core.organizations.invitations')} rows={rows} columns={columns} loading={loading} {...pages.grid(data?.invitations.pageInfo, rows.length)} />
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{t('common.close')}</Button>
      </DialogActions>
    </Dialog>
  );
}
