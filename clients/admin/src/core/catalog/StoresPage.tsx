/** Stores with their address and location; create and edit in EU (admins). */
import { Box, Button, Dialog, DialogActions, DialogContent, DialogTitle, IconButton, TextField, Tooltip } from '@mui/material';
import AddIcon from '@mui/icons-material/Add';
import EditIcon from '@mui/icons-material/Edit';
import type { GridColDef } from '@mui/x-data-grid';
import { useMutation, useQuery } from '@apollo/client/react';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { CursorGrid, ErrorAlert, PageHeader, useCanEditCatalog } from '../../ui';
import { appendToList } from '../common/appendToList';
import { useAction } from '../../ui';
import { useSnackbar } from '../common/useSnackbar';
import type { CoreStoresQuery, Region } from '../../gql/graphql';
import { CreateStoreDocument, OrganizationsDocument, StoresDocument, UpdateStoreDocument } from '../operations';

type Store = CoreStoresQuery['stores'][number];

export default function StoresPage() {
  const { t } = useTranslation();
  const canEdit = useCanEditCatalog();
  // The API lists at most 100 stores without cursors: the grid pages them itself.
  const { data, loading, error } = useQuery(StoresDocument);
  const [editing, setEditing] = useState<Store | 'new' | null>(null);
  const { notify, snackbar } = useSnackbar();
  const columns: GridColDef<Store>[] = [
    { field: 'code', headerName: t('core.stores.code'), width: 110 },
    { field: 'name', headerName: t('core.stores.name'), flex: 1, minWidth: 180 },
    { field: 'region', headerName: t('core.stores.region'), width: 90 },
    { field: 'address', headerName: t('core.stores.address'), flex: 1, minWidth: 220, valueGetter: (_v, row) => [row.address.line1, row.address.line2, row.address.postalCode, row.address.city, row.address.country].filter(Boolean).join(', ') },
    { field: 'location', headerName: t('core.stores.location'), width: 170, valueGetter: (_v, row) => (row.location ? `${row.location.lat.toFixed(4)}, ${row.location.lng.toFixed(4)}` : '—') },
    { field: 'partner', headerName: t('core.stores.partner'), width: 180, valueGetter: (_v, row) => row.partnerOrganization?.name ?? '' },
    ...(canEdit
      ? [
          {
            field: 'actions',
            headerName: t('core.actions'),
            width: 100,
            sortable: false,
            renderCell: ({ row }) => (
              <Tooltip title={t('common.edit')}>
                <IconButton size="small" aria-label={t('core.stores.editOf', { name: row.name })} onClick={() => setEditing(row)} data-testid="store-edit">
                  <EditIcon fontSize="small" />
                </IconButton>
              </Tooltip>
            ),
          } satisfies GridColDef<Store>,
        ]
      : []),
  ];
  return (
    <>
      <PageHeader
        title={t('core.stores.title')}
        actions={
          canEdit ? (
            <Button variant="contained" startIcon={<AddIcon />} onClick={() => setEditing('new')} data-testid="store-create">
              {t('core.stores.create')}
            </Button>
          ) : null
        }
      />
      <ErrorAlert error={error} />
      <CursorGrid<Store> label={t('core.stores.title')} rows={data?.stores ?? []} columns={columns} loading={loading} initialState={{ pagination: { paginationModel: { pageSize: 25 } } }} pageSizeOptions={[25, 50, 100]} />
      {editing ? (
        <StoreDialog
          store={editing === 'new' ? null : editing}
          onClose={(saved) => {
            setEditing(null);
            if (saved) notify(t('core.saved'));
          }}
        />
      ) : null}
      {snackbar}
    </>
  );
}

function StoreDialog({ store, onClose }: { store: Store | null; onClose(saved: boolean): void }) {
  const { t } = useTranslation();
  const partners = useQuery(OrganizationsDocument, { variables: { filter: { kind: 'PARTNER' }, first: 100 } });
  const [form, setForm] = useState({
    code: store?.code ?? '',
    name: store?.name ?? '',
    region: (store?.region ?? 'EU') as Region,
    line1: store?.address.line1 ?? '',
    line2: store?.address.line2 ?? '',
    city: store?.address.city ?? '',
    postalCode: store?.address.postalCode ?? '',
    country: store?.address.country ?? '',
    lat: store?.location ? String(store.location.lat) : '',
    lng: store?.location ? String(store.location.lng) : '',
    partnerOrganizationId: store?.partnerOrganization?.id ?? '',
  });
  const [locationInvalid, setLocationInvalid] = useState(false);
  const set = (key: keyof typeof form) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [key]: e.target.value }));
  const [create] = useMutation(CreateStoreDocument, {
    update: (cache, { data }) => {
      const created = data?.createStore.store;
      if (created) appendToList(cache, 'stores', created);
    },
  });
  const [update] = useMutation(UpdateStoreDocument);
  const action = useAction();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const lat = Number(form.lat);
    const lng = Number(form.lng);
    const invalid = form.lat.trim() === '' || form.lng.trim() === '' || !(Math.abs(lat) <= 90) || !(Math.abs(lng) <= 180);
    setLocationInvalid(invalid);
    if (invalid) return;
    const fields = {
      code: form.code.trim(),
      name: form.name.trim(),
      region: form.region,
      address: { line1: form.line1.trim(), line2: form.line2.trim() || null, city: form.city.trim(), postalCode: form.postalCode.trim() || null, country: form.country.trim().toUpperCase() },
      location: { lat, lng },
      ...(form.partnerOrganizationId ? { partnerOrganizationId: form.partnerOrganizationId } : {}),
    };
    const done = store
      ? await action.run(() => update({ variables: { input: { id: store.id, ...fields } } }), (r) => r.data?.updateStore.errors)
      : await action.run(() => create({ variables: { input: fields } }), (r) => r.data?.createStore.errors);
    if (done) onClose(true);
  };
  const locationProps = locationInvalid ? { error: true, helperText: t('core.stores.locationInvalid') } : {};
  return (
    <Dialog open onClose={() => onClose(false)} aria-labelledby="store-dialog-title" maxWidth="md" fullWidth>
      <form onSubmit={(e) => void submit(e)} data-testid="store-form">
        <DialogTitle id="store-dialog-title">{store ? t('core.stores.editTitle') : t('core.stores.create')}</DialogTitle>
        <DialogContent>
          {action.alert}
          <Box sx={{ display: 'grid', gap: 2, gridTemplateColumns: { xs: '1fr', sm: '1fr 1fr' }, mt: 1 }}>
            <TextField label={t('core.stores.code')} value={form.code} onChange={set('code')} required {...action.fieldProps('input.code')} />
            <TextField label={t('core.stores.name')} value={form.name} onChange={set('name')} required {...action.fieldProps('input.name')} />
            <TextField select label={t('core.stores.region')} value={form.region} onChange={set('region')} slotProps={{ select: { native: true } }}>
              <option value="EU">{t('common.regions.eu')}</option>
              <option value="CN">{t('common.regions.cn')}</option>
            </TextField>
            <TextField select label={t('core.stores.partner')} value={form.partnerOrganizationId} onChange={set('partnerOrganizationId')} slotProps={{ select: { native: true }, inputLabel: { shrink: true } }}>
              <option value="">{t('core.none')}</option>
              {partners.data?.organizations.edges.map(({ node }) => (
                <option key={node.id} value={node.id}>
                  {node.name}
                </option>
              ))}
            </TextField>
            <TextField label={t('core.stores.line1')} value={form.line1} onChange={set('line1')} required {...action.fieldProps('input.address.line1')} />
            <TextField label={t('core.stores.line2')} value={form.line2} onChange={set('line2')} />
            <TextField label={t('core.stores.postalCode')} value={form.postalCode} onChange={set('postalCode')} />
            <TextField label={t('core.stores.city')} value={form.city} onChange={set('city')} required {...action.fieldProps('input.address.city')} />
            <TextField label={t('core.stores.country')} value={form.country} onChange={set('country')} required {...action.fieldProps('input.address.country', t('core.countryHint'))} slotProps={{ htmlInput: { maxLength: 2 } }} />
            <Box />
            <TextField label={t('core.stores.lat')} value={form.lat} onChange={set('lat')} required {...locationProps} slotProps={{ htmlInput: { inputMode: 'decimal' } }} />
            <TextField label={t('core.stores.lng')} value={form.lng} onChange={set('lng')} required {...locationProps} slotProps={{ htmlInput: { inputMode: 'decimal' } }} />
          </Box>
        </DialogContent>
        <DialogActions>
          <Button onClick={() => onClose(false)}>{t('common.cancel')}</Button>
          <Button type="submit" variant="contained" disabled={action.busy} data-testid="store-save">
            {t('common.save')}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
