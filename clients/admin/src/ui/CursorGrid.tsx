/**
 * MUI X Data Grid over the API's cursor connections: server-side pages of `first` rows after the
 * cursor of the previous page (the grid never sees a total; `hasNextPage` enables "next").
 */
import { DataGrid, type DataGridProps, type GridPaginationModel, type GridValidRowModel } from '@mui/x-data-grid';
import { zhCN as gridZhCN } from '@mui/x-data-grid/locales';
import { useCallback, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMiw } from '@miw/client-shared/react';

export interface PageInfoLike {
  hasNextPage: boolean;
  endCursor?: string | null;
}

/**
 * Cursor pagination state for one list: pass `first`/`after` to the query and
 * `grid(pageInfo, rowsOnPage)` to the grid. On the last page the row count is known and given to
 * the grid: it would otherwise keep "1–25 of more than 25" and an enabled "next" on a short list.
 */
export function useCursorPages(pageSize = 25) {
  const [model, setModel] = useState<GridPaginationModel>({ page: 0, pageSize });
  const cursors = useRef<(string | null)[]>([null]);
  const after = cursors.current[model.page] ?? null;
  /** Back to the first page (e.g. when a filter changes). */
  const reset = useCallback(() => {
    cursors.current = [null];
    setModel((m) => ({ ...m, page: 0 }));
  }, []);
  const grid = (pageInfo: PageInfoLike | null | undefined, rowsOnPage: number) => ({
    paginationMode: 'server' as const,
    rowCount: pageInfo && !pageInfo.hasNextPage ? model.page * model.pageSize + rowsOnPage : -1,
    paginationMeta: { hasNextPage: pageInfo?.hasNextPage ?? false },
    paginationModel: model,
    pageSizeOptions: [10, 25, 50, 100],
    onPaginationModelChange: (next: GridPaginationModel) => {
      if (next.pageSize !== model.pageSize) {
        cursors.current = [null];
        setModel({ page: 0, pageSize: next.pageSize });
        return;
      }
      if (next.page > model.page && pageInfo?.endCursor) cursors.current[model.page + 1] = pageInfo.endCursor;
      setModel(next);
    },
  });
  return { first: model.pageSize, after, reset, grid };
}

/** The grid with the panel's defaults: localized, auto height, accessible label, empty text. */
export function CursorGrid<R extends GridValidRowModel>(props: DataGridProps<R> & { label: string }) {
  const { t } = useTranslation();
  const { locale } = useMiw();
  const localeText = useMemo(() => ({ ...(locale === 'zh-CN' ? gridZhCN.components.MuiDataGrid.defaultProps.localeText : {}), noRowsLabel: t('common.empty') }), [locale, t]);
  const { label, ...rest } = props;
  return <DataGrid<R> aria-label={label} autoHeight disableRowSelectionOnClick disableColumnFilter localeText={localeText} {...rest} />;
}
