/**
 * One product: its form (create when the route id is `new`), archive with confirmation. In CN the
 * form is read-only (the catalog is mastered in EU). A product the person may not see answers the
 * not-allowed page.
 */
import { Box, Button, IconButton, Paper, Stack, TextField, Tooltip, Typography } from '@mui/material';
import AddIcon from '@mui/icons-material/Add';
import DeleteIcon from '@mui/icons-material/Delete';
import { useMutation, useQuery } from '@apollo/client/react';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink, useNavigate, useParams } from 'react-router';
import { errorCodes } from '@miw/client-shared';
import { useMiw } from '@miw/client-shared/react';
import { ErrorAlert, Loading, NotAllowed, PageHeader, useCanEditCatalog } from '../../ui';
import { ConfirmDialog } from '../common/ConfirmDialog';
import { CURRENCIES, fromMinorUnits, toMinorUnits } from '../common/money';
import { StatusChip } from '../common/StatusChip';
import { useAction } from '../../ui';
import { useSnackbar } from '../common/useSnackbar';
import type { CoreProductFieldsFragment, ProductStatus } from '../../gql/graphql';
import { ArchiveProductDocument, CreateProductDocument, ProductDocument, UpdateProductDocument } from '../operations';
import { statusColor } from './ProductsPage';
import { useCatalogChoices, useOwnManufacturer } from './useCatalogChoices';

export default function ProductPage() {
  const { productId = 'new' } = useParams();
  const isNew = productId === 'new';
  const { data, loading, error } = useQuery(ProductDocument, { variables: { id: productId }, skip: isNew });
  if (isNew) return <ProductForm key="new" product={null} />;
  if (loading && !data) return <Loading />;
  const codes = errorCodes(error);
  if (codes.includes('FORBIDDEN') || codes.includes('NOT_FOUND') || (data && !data.product)) return <NotAllowed />;
  if (error || !data?.product) return <ErrorAlert error={error} />;
  return <ProductForm key={data.product.id} product={data.product} />;
}

interface Attribute {
  key: string;
  value: string;
}

const attributeText = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value));
/** Typed values come back as numbers/booleans (e.g. `grams: 100`); everything else stays text. */
const attributeValue = (text: string): unknown => (/^-?\d+(\.\d+)?$/.test(text.trim()) ? Number(text) : text === 'true' ? true : text === 'false' ? false : text);

function ProductForm({ product }: { product: CoreProductFieldsFragment | null }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { session } = useMiw();
  const canEdit = useCanEditCatalog();
  const choices = useCatalogChoices();
  const ownManufacturer = useOwnManufacturer(choices.manufacturers);
  const isManufacturer = session?.user.role === 'MANUFACTURER';
  const [sku, setSku] = useState(product?.sku ?? '');
  const [name, setName] = useState(product?.name ?? '');
  const [description, setDescription] = useState(product?.description ?? '');
  const [currency, setCurrency] = useState(product?.price.currency ?? 'EUR');
  const [price, setPrice] = useState(product ? fromMinorUnits(product.price.amount, product.price.currency) : '');
  const [categoryId, setCategoryId] = useState(product?.category?.id ?? '');
  const [manufacturerId, setManufacturerId] = useState(product?.manufacturer?.id ?? '');
  const [status, setStatus] = useState<ProductStatus>(product?.status ?? 'DRAFT');
  const [images, setImages] = useState((product?.images ?? []).join('\n'));
  const [attributes, setAttributes] = useState<Attribute[]>(Object.entries(product?.attributes ?? {}).map(([key, value]) => ({ key, value: attributeText(value) })));
  const [priceInvalid, setPriceInvalid] = useState(false);
  const [confirmArchive, setConfirmArchive] = useState(false);
  const [create] = useMutation(CreateProductDocument);
  const [update] = useMutation(UpdateProductDocument);
  const [archive] = useMutation(ArchiveProductDocument);
  const save = useAction();
  const archiving = useAction();
  const { notify, snackbar } = useSnackbar();
  const readOnly = !canEdit;
  const effectiveManufacturer = isManufacturer ? (product?.manufacturer?.id ?? ownManufacturer ?? '') : manufacturerId;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const amount = toMinorUnits(price, currency);
    setPriceInvalid(amount === null);
    if (amount === null) return;
    const fields = {
      sku: sku.trim(),
      name: name.trim(),
      description,
      price: { amount, currency },
      attributes: Object.fromEntries(attributes.filter((a) => a.key.trim()).map((a) => [a.key.trim(), attributeValue(a.value)])),
      images: images
        .split('\n')
        .map((s) => s.trim())
        .filter(Boolean),
      status,
      ...(categoryId ? { categoryId } : {}),
      ...(effectiveManufacturer ? { manufacturerId: effectiveManufacturer } : {}),
    };
    if (product) {
      const result = await save.run(() => update({ variables: { input: { id: product.id, ...fields } } }), (r) => r.data?.updateProduct.errors);
      if (result) notify(t('core.products.saved'));
    } else {
      const result = await save.run(() => create({ variables: { input: fields } }), (r) => r.data?.createProduct.errors);
      const id = result?.data?.createProduct.product?.id;
      if (id) void navigate(`/catalog/products/${id}`, { replace: true });
    }
  };

  const doArchive = async () => {
    if (!product) return;
    const done = await archiving.run(() => archive({ variables: { id: product.id } }), (r) => r.data?.archiveProduct.errors);
    if (done) {
      setConfirmArchive(false);
      setStatus('ARCHIVED');
      notify(t('core.products.archived', { name: product.name }));
    }
  };

  if (!product && readOnly) return <NotAllowed />;
  // Another maker's product is not this manufacturer's to see in the panel (the API would refuse changes).
  if (isManufacturer && product && ownManufacturer && product.manufacturer?.id !== ownManufacturer) return <NotAllowed />;

  return (
    <>
      <PageHeader
        title={product ? product.name : t('core.products.createTitle')}
        actions={
          <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
            {product ? <StatusChip label={t(`core.products.statuses.${product.status}`)} value={product.status} color={statusColor(product.status)} testId="product-status" /> : null}
            <Button component={RouterLink} to="/catalog/products">
              {t('core.products.backToList')}
            </Button>
            {product && canEdit && product.status !== 'ARCHIVED' ? (
              <Button color="error" variant="outlined" onClick={() => setConfirmArchive(true)} data-testid="product-archive">
                {t('core.products.archive')}
              </Button>
            ) : null}
          </Stack>
        }
      />
      {save.alert}
      <Paper component="form" variant="outlined" sx={{ p: 3 }} onSubmit={(e) => void submit(e)} data-testid="product-form" aria-label={t('core.products.form')} noValidate>
        <Box sx={{ display: 'grid', gap: 2, gridTemplateColumns: { xs: '1fr', md: '1fr 1fr' } }}>
          <TextField label={t('core.products.sku')} value={sku} onChange={(e) => setSku(e.target.value)} required disabled={readOnly} {...save.fieldProps('input.sku')} slotProps={{ htmlInput: { 'data-testid': 'product-sku', maxLength: 64 } }} />
          <TextField label={t('core.products.name')} value={name} onChange={(e) => setName(e.target.value)} required disabled={readOnly} {...save.fieldProps('input.name')} slotProps={{ htmlInput: { 'data-testid': 'product-name' } }} />
          <TextField
            label={t('core.products.description')}
            value={description}
            onChange={(e) => setDescription(e.target.value)}
            multiline
            minRows={3}
            disabled={readOnly}
            sx={{ gridColumn: { md: '1 / span 2' } }}
            {...save.fieldProps('input.description')}
            slotProps={{ htmlInput: { 'data-testid': 'product-description' } }}
          />
          <Box sx={{ display: 'flex', gap: 2 }}>
            <TextField
              label={t('core.products.price')}
              value={price}
              onChange={(e) => setPrice(e.target.value)}
              required
              disabled={readOnly}
              sx={{ flex: 1 }}
              {...(priceInvalid ? { error: true, helperText: t('core.products.priceInvalid') } : save.fieldProps('input.price'))}
              slotProps={{ htmlInput: { 'data-testid': 'product-price', inputMode: 'decimal' } }}
            />
            <TextField select label={t('core.products.currency')} value={currency} onChange={(e) => setCurrency(e.target.value)} disabled={readOnly} sx={{ width: 130 }} slotProps={{ select: { native: true }, htmlInput: { 'data-testid': 'product-currency' } }}>
              {CURRENCIES.map((c) => (
                <option key={c} value={c}>
                  {c}
                </option>
              ))}
            </TextField>
          </Box>
          <TextField select label={t('core.products.status')} value={status} onChange={(e) => setStatus(e.target.value as ProductStatus)} disabled={readOnly} slotProps={{ select: { native: true }, htmlInput: { 'data-testid': 'product-status-select' } }}>
            {(['DRAFT', 'ACTIVE', 'ARCHIVED'] as const).map((s) => (
              <option key={s} value={s}>
                {t(`core.products.statuses.${s}`)}
              </option>
            ))}
          </TextField>
          <TextField select label={t('core.products.category')} value={categoryId} onChange={(e) => setCategoryId(e.target.value)} disabled={readOnly} {...save.fieldProps('input.categoryId')} slotProps={{ select: { native: true }, htmlInput: { 'data-testid': 'product-category' }, inputLabel: { shrink: true } }}>
            <option value="">{t('core.none')}</option>
            {choices.categories.map((c) => (
              <option key={c.id} value={c.id}>
                {`${'\u00a0'.repeat(c.depth * 3)}${c.name}`}
              </option>
            ))}
          </TextField>
          <TextField
            select
            label={t('core.products.manufacturer')}
            value={effectiveManufacturer}
            onChange={(e) => setManufacturerId(e.target.value)}
            disabled={readOnly || isManufacturer}
            {...save.fieldProps('input.manufacturerId')}
            slotProps={{ select: { native: true }, htmlInput: { 'data-testid': 'product-manufacturer' }, inputLabel: { shrink: true } }}
          >
            <option value="">{t('core.none')}</option>
            {choices.manufacturers.map((m) => (
              <option key={m.id} value={m.id}>
                {m.name}
              </option>
            ))}
          </TextField>
          <TextField
            label={t('core.products.images')}
            // The how-to hint is for editors; on a disabled field its grey would fail contrast.
            helperText={save.fieldProps('input.images').helperText ?? (readOnly ? undefined : t('core.products.imagesHint'))}
            error={Boolean(save.fieldProps('input.images').error)}
            value={images}
            onChange={(e) => setImages(e.target.value)}
            multiline
            minRows={2}
            disabled={readOnly}
            sx={{ gridColumn: { md: '1 / span 2' } }}
            slotProps={{ htmlInput: { 'data-testid': 'product-images' } }}
          />
        </Box>
        <Typography variant="subtitle1" component="h2" sx={{ mt: 3, mb: 1 }}>
          {t('core.products.attributes')}
        </Typography>
        <Stack spacing={1} data-testid="product-attributes">
          {attributes.map((a, i) => (
            <Box key={i} sx={{ display: 'flex', gap: 1, alignItems: 'center' }}>
              <TextField size="small" label={t('core.products.attributeKey')} value={a.key} disabled={readOnly} onChange={(e) => setAttributes((list) => list.map((x, j) => (j === i ? { ...x, key: e.target.value } : x)))} />
              <TextField size="small" label={t('core.products.attributeValue')} value={a.value} disabled={readOnly} sx={{ flex: 1 }} onChange={(e) => setAttributes((list) => list.map((x, j) => (j === i ? { ...x, value: e.target.value } : x)))} />
              {readOnly ? null : (
                <Tooltip title={t('core.products.removeAttribute')}>
                  <IconButton aria-label={t('core.products.removeAttributeOf', { key: a.key })} onClick={() => setAttributes((list) => list.filter((_, j) => j !== i))}>
                    <DeleteIcon />
                  </IconButton>
                </Tooltip>
              )}
            </Box>
          ))}
          {attributes.length === 0 ? <Typography color="text.secondary">{t('core.products.noAttributes')}</Typography> : null}
        </Stack>
        {readOnly ? null : (
          <Stack direction="row" spacing={2} sx={{ mt: 2 }}>
            <Button startIcon={<AddIcon />} onClick={() => setAttributes((list) => [...list, { key: '', value: '' }])}>
              {t('core.products.addAttribute')}
            </Button>
            <Box sx={{ flex: 1 }} />
            <Button type="submit" variant="contained" disabled={save.busy} data-testid="product-save">
              {product ? t('common.save') : t('common.create')}
            </Button>
          </Stack>
        )}
      </Paper>
      <ConfirmDialog
        open={confirmArchive}
        title={t('core.products.archiveTitle')}
        text={t('core.products.archiveText', { name: product?.name ?? '' })}
        confirmLabel={t('core.products.archive')}
        danger
        busy={archiving.busy}
        alert={archiving.alert}
        onConfirm={() => void doArchive()}
        onClose={() => {
          archiving.clear();
          setConfirmArchive(false);
        }}
      />
      <ErrorAlert error={choices.error} />
      {snackbar}
    </>
  );
}
