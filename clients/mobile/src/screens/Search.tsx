/**
 * Search results: the catalog's typo-tolerant search, best match first, with filters (price range,
 * category, "in stock") kept in the route so a reload or the back button keeps them.
 */
import { useQuery } from '@apollo/client/react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ProductFilter } from '../gql/graphql';
import { useNavigation } from '../nav/Navigator';
import type { Route, SearchParams } from '../nav/routes';
import { useFetchPolicy } from '../state/online';
import { Button, Row, Screen, Section, TextField } from '../ui';
import { CategoriesDocument } from './Home';
import { ProductList } from './ProductList';

/** Major units as typed ("12.5", "12,50") to minor units; undefined when empty or not a number. */
const toMinor = (text: string | undefined): number | undefined => {
  if (!text?.trim()) return undefined;
  const value = Number(text.trim().replace(',', '.'));
  return Number.isFinite(value) && value >= 0 ? Math.round(value * 100) : undefined;
};

export default function Search({ route }: { route: Route }) {
  const { t } = useTranslation();
  const nav = useNavigation();
  const params: SearchParams = route.name === 'search' ? route : route.name === 'category' ? { categoryId: route.id } : {};
  const [text, setText] = useState(params.q ?? '');
  const [min, setMin] = useState(params.min ?? '');
  const [max, setMax] = useState(params.max ?? '');
  const { data: categories } = useQuery(CategoriesDocument, { fetchPolicy: useFetchPolicy() });
  const apply = (change: Partial<SearchParams>) => nav.replace({ name: 'search', ...params, q: text.trim() || undefined, min: min || undefined, max: max || undefined, ...change });

  const filter: ProductFilter = {
    search: params.q || undefined,
    categoryId: params.categoryId,
    priceMin: toMinor(params.min),
    priceMax: toMinor(params.max),
  };
  const category = categories?.categories.find((c) => c.id === params.categoryId);
  const title = params.q ? t('search.titleFor', { q: params.q }) : category ? category.name : t('search.title');

  return (
    <Screen title={title} back>
      <Row wrap={false}>
        <TextField label={t('search.label')} hideLabel placeholder={t('search.placeholder')} value={text} onChangeText={setText} onSubmitEditing={() => apply({})} enterKeyHint="search" testID="search-input" />
        <Button label={t('common.search')} onPress={() => apply({})} testID="search-submit" />
      </Row>
      <Section title={t('search.filters')}>
        <Row wrap={false}>
          <TextField label={t('search.priceMin')} value={min} onChangeText={setMin} inputMode="decimal" testID="price-min" />
          <TextField label={t('search.priceMax')} value={max} onChangeText={setMax} inputMode="decimal" testID="price-max" />
        </Row>
        <Row>
          <Button label={t('search.apply')} variant="secondary" small onPress={() => apply({})} testID="apply-filters" />
          <Button
            label={t('search.inStock')}
            variant="secondary"
            small
            selected={!!params.inStock}
            onPress={() => apply({ inStock: params.inStock ? undefined : true })}
            testID="filter-in-stock"
          />
        </Row>
        <Row>
          <Button label={t('search.allCategories')} variant="secondary" small selected={!params.categoryId} onPress={() => apply({ categoryId: undefined })} testID="category-all" />
          {categories?.categories.map((c) => (
            <Button key={c.id} label={c.name} variant="secondary" small selected={c.id === params.categoryId} onPress={() => apply({ categoryId: c.id })} testID="category-filter" />
          ))}
        </Row>
      </Section>
      <Section title={t('search.results')}>
        <ProductList filter={filter} orderBy={params.q ? 'RELEVANCE' : 'NAME_ASC'} inStockOnly={params.inStock} emptyText={t('search.empty')} />
      </Section>
    </Screen>
  );
}
