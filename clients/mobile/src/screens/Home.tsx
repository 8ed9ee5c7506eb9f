/** Home: the search box, the chosen store, the categories and the newest products. */
import { useQuery } from '@apollo/client/react';
import { useErrorText } from '@miw/client-shared/react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { graphql } from '../gql';
import { useNavigation } from '../nav/Navigator';
import { useFetchPolicy } from '../state/online';
import { useStore } from '../state/store';
import { Button, ErrorText, Loading, Row, Screen, Section, TextField } from '../ui';
import { ProductList } from './ProductList';

export const CategoriesDocument = graphql(`
  query Categories {
    categories {
      id
      name
      parent {
        id
      }
    }
  }
`);

export function Home() {
  const { t } = useTranslation();
  const nav = useNavigation();
  const { store } = useStore();
  const [text, setText] = useState('');
  const submit = () => text.trim() && nav.navigate({ name: 'search', q: text.trim() });
  return (
    <Screen title={t('home.title')} subtitle={t('home.subtitle')}>
      <Row wrap={false}>
        <TextField
          label={t('search.label')}
          hideLabel
          placeholder={t('search.placeholder')}
          value={text}
          onChangeText={setText}
          onSubmitEditing={submit}
          enterKeyHint="search"
          returnKeyType="search"
          testID="search-input"
        />
        <Button label={t('common.search')} onPress={submit} testID="search-submit" />
      </Row>
      <Button
        label={store ? t('store.yours', { name: store.name }) : t('store.choose')}
        variant="secondary"
        onPress={() => nav.navigate({ name: 'stores' })}
        testID="store-chip"
      />
      <Categories />
      <Section title={t('home.newest')}>
        <ProductList filter={{}} orderBy="CREATED_AT_DESC" emptyText={t('products.empty')} />
      </Section>
    </Screen>
  );
}

function Categories() {
  const { t } = useTranslation();
  const nav = useNavigation();
  const errorText = useErrorText();
  const { data, loading, error, refetch } = useQuery(CategoriesDocument, { fetchPolicy: useFetchPolicy() });
  const roots = data?.categories.filter((c) => !c.parent) ?? [];
  return (
    <Section title={t('home.categories')}>
      {!data && loading ? <Loading /> : null}
      <ErrorText text={error && !data ? errorText(error) : null} onRetry={() => void refetch()} />
      <Row>
        {roots.map((c) => (
          <Button key={c.id} label={c.name} variant="secondary" small onPress={() => nav.navigate({ name: 'search', categoryId: c.id })} testID="category-chip" />
        ))}
      </Row>
    </Section>
  );
}
