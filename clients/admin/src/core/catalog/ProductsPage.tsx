/**
 * The products grid: catalog search, filters (category, status, manufacturer), server-side cursor
 * pages, archive with confirmation. A manufacturer sees its own products only (its home page).
 */
import { Box, Button, IconButton, InputAdornment, Link, MenuItem, TextField, Tooltip } from '@mui/material';
import AddIcon from '@mui/icons-material/Add';
import ArchiveIcon from '@mui/icons-material/Archive';
import SearchIcon from '@mui/icons-material/Search';
import type { GridColDef } from '@mui/x-data-grid';
import { useMutation, useQuery } from '@apollo/client/react';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink } from 'react-router';
import { useFormat, useMiw } from '@miw/client-shared/react';
import { CursorGrid, ErrorAlert, PageHeader, useCanEditCatalog, useCursorPages } from '../../ui';
import { ConfirmDialog } from '../common/ConfirmDialog';
import { StatusChip } from '../common/StatusChip';
import { useAction } from '../../ui';
import { useDebounced } from '../common/useDebounced';
import { useSnackbar } from '../common/useSnackbar';
import type { ProductStatus } from '../../gql/graphql';
import { ArchiveProductDocument, ProductsDocument } from '../operations';
import { useCatalogChoices, useOwnManufacturer } from './useCatalogChoices';

const STATUSES: ProductStatus[] = ['DRAFT', 'ACTIVE', 'ARCHIVED'];
// Filled chips of these colours keep their label readable (contrast) in both themes.
export const statusColor = (s: ProductStatus) => (s === 'ACTIVE' ? 'success' : s === 'DRAFT' ? 'primary' : 'default');

interface Row {
  id: string;
  sku: string;
  name: string;
  price: { amount: number; currency: string };
  status: ProductStatus;
  manufacturer: string;
  category: string;
}

export default function ProductsPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const { session } = useMiw();
  const canEdit = useCanEditCatalog();
  const isManufacturer = session?.user.role === 'MANUFACTURER';
  const choices = useCatalogChoices();
  const ownManufacturer = useOwnManufacturer(choices.manufacturers);
  const [search, setSearch] = useState('');
  const [categoryId, setCategoryId] = useState('');
  const [status, setStatus] = useState<ProductStatus | ''>('');
  const [manufacturerId, setManufacturerId] = useState('');
  const settledSearch = useDebounced(search.trim());
  const pages = useCursorPages(25);
  const manufacturerFilter = isManufacturer ? ownManufacturer : manufacturerId || null;
  const filter = {
    ...(settledSearch ? { search: settledSearch } : {}),
    ...(categoryId ? { categoryId } : {}),
    ...(status ? { status } : {}),
    ...(manufacturerFilter ? { manufacturerId: manufacturerFilter } : {}),
  };
  const { data, loading, error } = useQuery(ProductsDocument, {
    variables: { filter, orderBy: settledSearch ? 'RELEVANCE' : 'CREATED_AT_DESC', first: pages.first, after: pages.after },
    // A manufacturer's list waits for its manufacturer: never show it other makers' products.
    skip: isManufacturer && !ownManufacturer,
  });
  const [archiveTarget, setArchiveTarget] = useState<Row | null>(null);
  const [archive] = useMutation(ArchiveProductDocument);
  const action = useAction();
  const { notify, snackbar } = useSnackbar();

  const rows: Row[] = useMemo(
    () =>
      data?.products.edges.map(({ node }) => ({
        id: node.id,
        sku: node.sku,
        name: node.name,
        price: node.price,
        status: node.status,
        manufacturer: node.manufacturer?.name ?? '',
        category: node.category?.name ?? '',
      })) ?? [],
    [data],
  );

  const columns: GridColDef<Row>[] = [
    { field: 'sku', headerName: t('core.products.sku'), width: 150, sortable: false },
    {
      field: 'name',
      headerName: t('core.products.name'),
      flex: 1,
      minWidth: 200,
      sortable: false,
      renderCell: ({ row }) => (
        <Link component={RouterLink} to={`/catalog/products/${row.id}`} data-testid="product-link">
          {row.name}
        </Link>
      ),
    },
    { field: 'price', headerName: t('core.products.price'), width: 130, sortable: false, valueFormatter: (_v, row) => format.money(row.price) },
    { field: 'category', headerName: t('core.products.category'), width: 150, sortable: false },
    { field: 'manufacturer', headerName: t('core.products.manufacturer'), width: 180, sortable: false },
    {
      field: 'status',
      headerName: t('core.products.status'),
      width: 120,
      sortable: false,
      renderCell: ({ row }) => <StatusChip label={t(`core.products.statuses.${row.status}`)} value={row.status} color={statusColor(row.status)} testId="product-status" />,
    },
    ...(canEdit
      ? [
          {
            field: 'actions',
            headerName: t('core.actions'),
            width: 100,
            sortable: false,
            renderCell: ({ row }) =>
              row.status === 'ARCHIVED' ? null : (
                <Tooltip title={t('core.products.archive')}>
                  <IconButton aria-label={t('core.products.archiveOf', { name: row.name })} onClick={() => setArchiveTarget(row)} data-testid="product-archive" size="small">
                    <ArchiveIcon fontSize="small" />
                  </IconButton>
                </Tooltip>
              ),
          } satisfies GridColDef<Row>,
        ]
      : []),
  ];

  const doArchive = async () => {
    if (!archiveTarget) return;
    const done = await action.run(() => archive({ variables: { id: archiveTarget.id } }), (r) => r.data?.archiveProduct.errors);
    if (done) {
      notify(t('core.products.archived', { name: archiveTarget.name }));
      // The answer's status updates the row through the normalized cache.
      setArchiveTarget(null);
    }
  };

  const changeFilter = (apply: () => void) => {
    apply();
    pages.reset();
  };

  return (
    <>
      <PageHeader
        title={t(isManufacturer ? 'core.products.ownTitle' : 'core.products.title')}
        actions={
          canEdit ? (
            <Button variant="contained" startIcon={<AddIcon />} component={RouterLink} to="/catalog/products/new" data-testid="product-create">
              {t('core.products.create')}
            </Button>
          ) : null
        }
      />
      <Box sx={{ display: 'flex', gap: 2, flexWrap: 'wrap', mb: 2 }}>
        <TextField
          label={t('core.products.search')}
          value={search}
          onChange={(e) => changeFilter(() => setSearch(e.target.value))}
          size="small"
          sx={{ minWidth: 260, flex: 1 }}
          slotProps={{ htmlInput: { 'data-testid': 'product-search' }, input: { startAdornment: <InputAdornment position="start"><SearchIcon /></InputAdornment> } }}
        />
        <TextField select label={t('core.products.category')} value={categoryId} onChange={(e) => changeFilter(() => setCategoryId(e.target.value))} size="small" sx={{ minWidth: 180 }} slotProps={{ htmlInput: { 'data-testid': 'product-filter-category' } }}>
          <MenuItem value="">{t('core.all')}</MenuItem>
          {choices.categories.map((c) => (
            <MenuItem key={c.id} value={c.id} sx={{ pl: 2 + c.depth * 2 }}>
              {c.name}
            </MenuItem>
          ))}
        </TextField>
        <TextField select label={t('core.products.status')} value={status} onChange={(e) => changeFilter(() => setStatus(e.target.value as ProductStatus | ''))} size="small" sx={{ minWidth: 140 }} slotProps={{ htmlInput: { 'data-testid': 'product-filter-status' } }}>
          <MenuItem value="">{t('core.all')}</MenuItem>
          {STATUSES.map((s) => (
            <MenuItem key={s} value={s}>
              {t(`core.products.statuses.${s}`)}
            </MenuItem>
          ))}
        </TextField>
        {isManufacturer ? null : (
          <TextField select label={t('core.products.manufacturer')} value={manufacturerId} onChange={(e) => changeFilter(() => setManufacturerId(e.target.value))} size="small" sx={{ minWidth: 200 }} slotProps={{ htmlInput: { 'data-testid': 'product-filter-manufacturer' } }}>
            <MenuItem value="">{t('core.all')}</MenuItem>
            {choices.manufacturers.map((m) => (
              <MenuItem key={m.id} value={m.id}>
                {m.name}
              </MenuItem>
            ))}
          </TextField>
        )}
      </Box>
      <ErrorAlert error={error ?? choices.error} />
      <CursorGrid<Row> label={t('core.products.title')} rows={rows} columns={columns} loading={loading} data-testid="product-grid" {...pages.grid(data?.products.pageInfo, rows.length)} />
      <ConfirmDialog
        open={archiveTarget !== null}
        title={t('core.products.archiveTitle')}
        text={t('core.products.archiveText', { name: archiveTarget?.name ?? '' })}
        confirmLabel={t('core.products.archive')}
        danger
        busy={action.busy}
        alert={action.alert}
        onConfirm={() => void doArchive()}
        onClose={() => {
          action.clear();
          setArchiveTarget(null);
        }}
      />
      {snackbar}
    </>
  );
}
