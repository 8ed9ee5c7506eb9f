/** Manufacturers: search, cursor pages, create and edit (name, country) in EU. */
import { Button, Dialog, DialogActions, DialogContent, DialogTitle, IconButton, Stack, TextField, Tooltip } from '@mui/material';
import AddIcon from '@mui/icons-material/Add';
import EditIcon from '@mui/icons-material/Edit';
import type { GridColDef } from '@mui/x-data-grid';
import { useMutation, useQuery } from '@apollo/client/react';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { CursorGrid, ErrorAlert, PageHeader, useCanEditCatalog, useCursorPages } from '../../ui';
import { appendToList } from '../common/appendToList';
import { useAction } from '../../ui';
import { useDebounced } from '../common/useDebounced';
import { useSnackbar } from '../common/useSnackbar';
import { CreateManufacturerDocument, ManufacturersDocument, UpdateManufacturerDocument } from '../operations';

interface Row {
  id: string;
  name: string;
  country: string;
  organization: string;
}

export default function ManufacturersPage() {
  const { t } = useTranslation();
  const canEdit = useCanEditCatalog();
  const [search, setSearch] = useState('');
  const settled = useDebounced(search.trim());
  const pages = useCursorPages(25);
  const { data, loading, error } = useQuery(ManufacturersDocument, { variables: { ...(settled ? { search: settled } : {}), first: pages.first, after: pages.after } });
  const [editing, setEditing] = useState<Row | 'new' | null>(null);
  const { notify, snackbar } = useSnackbar();
  const rows: Row[] = data?.manufacturers.edges.map(({ node }) => ({ id: node.id, name: node.name, country: node.country ?? '', organization: node.organization?.name ?? '' })) ?? [];
  const columns: GridColDef<Row>[] = [
    { field: 'name', headerName: t('core.manufacturers.name'), flex: 1, sortable: false },
    { field: 'country', headerName: t('core.manufacturers.country'), width: 120, sortable: false },
    { field: 'organization', headerName: t('core.manufacturers.organization'), flex: 1, sortable: false },
    ...(canEdit
      ? [
          {
            field: 'actions',
            headerName: t('core.actions'),
            width: 100,
            sortable: false,
            renderCell: ({ row }) => (
              <Tooltip title={t('common.edit')}>
                <IconButton size="small" aria-label={t('core.manufacturers.editOf', { name: row.name })} onClick={() => setEditing(row)} data-testid="manufacturer-edit">
                  <EditIcon fontSize="small" />
                </IconButton>
              </Tooltip>
            ),
          } satisfies GridColDef<Row>,
        ]
      : []),
  ];
  return (
    <>
      <PageHeader
        title={t('core.manufacturers.title')}
        actions={
          canEdit ? (
            <Button variant="contained" startIcon={<AddIcon />} onClick={() => setEditing('new')} data-testid="manufacturer-create">
              {t('core.manufacturers.create')}
            </Button>
          ) : null
        }
      />
      <TextField
        label={t('core.manufacturers.search')}
        value={search}
        onChange={(e) => {
          setSearch(e.target.value);
          pages.reset();
        }}
        size="small"
        sx={{ mb: 2, minWidth: 280 }}
        slotProps={{ htmlInput: { 'data-testid': 'manufacturer-search' } }}
      />
      <ErrorAlert error={error} />
      <CursorGrid<Row> label={t('core.manufacturers.title')} rows={rows} columns={columns} loading={loading} {...pages.grid(data?.manufacturers.pageInfo, rows.length)} />
      {editing ? (
        <ManufacturerDialog
          manufacturer={editing === 'new' ? null : editing}
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

function ManufacturerDialog({ manufacturer, onClose }: { manufacturer: Row | null; onClose(saved: boolean): void }) {
  const { t } = useTranslation();
  const [name, setName] = useState(manufacturer?.name ?? '');
  const [country, setCountry] = useState(manufacturer?.country ?? '');
  const [create] = useMutation(CreateManufacturerDocument, {
    update: (cache, { data }) => {
      const created = data?.createManufacturer.manufacturer;
      if (created) appendToList(cache, 'manufacturers', created, 'ManufacturerEdge');
    },
  });
  const [update] = useMutation(UpdateManufacturerDocument);
  const action = useAction();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const fields = { name: name.trim(), country: country.trim().toUpperCase() || null };
    const done = manufacturer
      ? await action.run(() => update({ variables: { input: { id: manufacturer.id, ...fields } } }), (r) => r.data?.updateManufacturer.errors)
      : await action.run(() => create({ variables: { input: fields } }), (r) => r.data?.createManufacturer.errors);
    if (done) onClose(true);
  };
  return (
    <Dialog open onClose={() => onClose(false)} aria-labelledby="manufacturer-dialog-title" maxWidth="sm" fullWidth>
      <form onSubmit={(e) => void submit(e)} data-testid="manufacturer-form">
        <DialogTitle id="manufacturer-dialog-title">{manufacturer ? t('core.manufacturers.editTitle') : t('core.manufacturers.create')}</DialogTitle>
        <DialogContent>
          {action.alert}
          <Stack spacing={2} sx={{ mt: 1 }}>
            <TextField label={t('core.manufacturers.name')} value={name} onChange={(e) => setName(e.target.value)} required {...action.fieldProps('input.name')} slotProps={{ htmlInput: { 'data-testid': 'manufacturer-name' } }} />
            <TextField label={t('core.manufacturers.country')} value={country} onChange={(e) => setCountry(e.target.value)} {...action.fieldProps('input.country', t('core.countryHint'))} slotProps={{ htmlInput: { maxLength: 2, 'data-testid': 'manufacturer-country' } }} />
          </Stack>
        </DialogContent>
        <DialogActions>
          <Button onClick={() => onClose(false)}>{t('common.cancel')}</Button>
          <Button type="submit" variant="contained" disabled={action.busy} data-testid="manufacturer-save">
            {t('common.save')}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
