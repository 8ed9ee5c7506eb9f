/** The category tree: create, rename and move (under another parent) in EU; read-only in CN. */
import { Button, Dialog, DialogActions, DialogContent, DialogTitle, IconButton, List, ListItem, ListItemText, Paper, Stack, TextField, Tooltip } from '@mui/material';
import AddIcon from '@mui/icons-material/Add';
import EditIcon from '@mui/icons-material/Edit';
import { useMutation, useQuery } from '@apollo/client/react';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert, Loading, PageHeader, useCanEditCatalog } from '../../ui';
import { appendToList } from '../common/appendToList';
import { useAction } from '../../ui';
import { useSnackbar } from '../common/useSnackbar';
import { CategoriesDocument, CreateCategoryDocument, UpdateCategoryDocument } from '../operations';
import { categoryTree, type CategoryOption } from './useCatalogChoices';

export default function CategoriesPage() {
  const { t } = useTranslation();
  const canEdit = useCanEditCatalog();
  const { data, loading, error } = useQuery(CategoriesDocument);
  const [editing, setEditing] = useState<CategoryOption | 'new' | null>(null);
  const { notify, snackbar } = useSnackbar();
  if (loading && !data) return <Loading />;
  const tree = categoryTree(data?.categories ?? []);
  return (
    <>
      <PageHeader
        title={t('core.categories.title')}
        actions={
          canEdit ? (
            <Button variant="contained" startIcon={<AddIcon />} onClick={() => setEditing('new')} data-testid="category-create">
              {t('core.categories.create')}
            </Button>
          ) : null
        }
      />
      <ErrorAlert error={error} />
      <Paper variant="outlined">
        <List aria-label={t('core.categories.title')}>
          {tree.map((c) => (
            <ListItem
              key={c.id}
              divider
              data-testid="category-item"
              sx={{ pl: 2 + c.depth * 3 }}
              secondaryAction={
                canEdit ? (
                  <Tooltip title={t('common.edit')}>
                    <IconButton edge="end" aria-label={t('core.categories.editOf', { name: c.name })} onClick={() => setEditing(c)} data-testid="category-edit">
                      <EditIcon />
                    </IconButton>
                  </Tooltip>
                ) : null
              }
            >
              <ListItemText primary={c.name} secondary={c.slug} />
            </ListItem>
          ))}
          {tree.length === 0 ? (
            <ListItem>
              <ListItemText primary={t('common.empty')} />
            </ListItem>
          ) : null}
        </List>
      </Paper>
      {editing ? (
        <CategoryDialog
          category={editing === 'new' ? null : editing}
          tree={tree}
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

/** The ids of a category and everything under it (never a valid new parent). */
function subtree(tree: CategoryOption[], id: string): Set<string> {
  const out = new Set([id]);
  for (const c of tree) if (c.parentId && out.has(c.parentId)) out.add(c.id);
  return out;
}

function CategoryDialog({ category, tree, onClose }: { category: CategoryOption | null; tree: CategoryOption[]; onClose(saved: boolean): void }) {
  const { t } = useTranslation();
  const [name, setName] = useState(category?.name ?? '');
  const [slug, setSlug] = useState(category?.slug ?? '');
  const [parentId, setParentId] = useState(category?.parentId ?? '');
  const [create] = useMutation(CreateCategoryDocument, {
    update: (cache, { data }) => {
      const created = data?.createCategory.category;
      if (created) appendToList(cache, 'categories', created);
    },
  });
  // The answer carries the new name, slug and parent: the normalized cache updates the tree.
  const [update] = useMutation(UpdateCategoryDocument);
  const action = useAction();
  const excluded = category ? subtree(tree, category.id) : new Set<string>();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const fields = { name: name.trim(), slug: slug.trim(), ...(parentId || category?.parentId ? { parentId: parentId || null } : {}) };
    const done = category
      ? await action.run(() => update({ variables: { input: { id: category.id, ...fields } } }), (r) => r.data?.updateCategory.errors)
      : await action.run(() => create({ variables: { input: fields } }), (r) => r.data?.createCategory.errors);
    if (done) onClose(true);
  };
  return (
    <Dialog open onClose={() => onClose(false)} aria-labelledby="category-dialog-title" maxWidth="sm" fullWidth>
      <form onSubmit={(e) => void submit(e)} data-testid="category-form">
        <DialogTitle id="category-dialog-title">{category ? t('core.categories.editTitle') : t('core.categories.create')}</DialogTitle>
        <DialogContent>
          {action.alert}
          <Stack spacing={2} sx={{ mt: 1 }}>
            <TextField label={t('core.categories.name')} value={name} onChange={(e) => setName(e.target.value)} required {...action.fieldProps('input.name')} slotProps={{ htmlInput: { 'data-testid': 'category-name' } }} />
            <TextField label={t('core.categories.slug')} value={slug} onChange={(e) => setSlug(e.target.value)} required {...action.fieldProps('input.slug', t('core.categories.slugHint'))} slotProps={{ htmlInput: { 'data-testid': 'category-slug' } }} />
            <TextField select label={t('core.categories.parent')} value={parentId} onChange={(e) => setParentId(e.target.value)} {...action.fieldProps('input.parentId')} slotProps={{ select: { native: true }, htmlInput: { 'data-testid': 'category-parent' }, inputLabel: { shrink: true } }}>
              <option value="">{t('core.categories.root')}</option>
              {tree
                .filter((c) => !excluded.has(c.id))
                .map((c) => (
                  <option key={c.id} value={c.id}>
                    {`${'\u00a0'.repeat(c.depth * 3)}${c.name}`}
                  </option>
                ))}
            </TextField>
          </Stack>
        </DialogContent>
        <DialogActions>
          <Button onClick={() => onClose(false)}>{t('common.cancel')}</Button>
          <Button type="submit" variant="contained" disabled={action.busy} data-testid="category-save">
            {t('common.save')}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
