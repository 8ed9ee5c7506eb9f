/**
 * A paginated product list (home, category, search): rows of name, price and stock, "load more"
 * with the API's cursors. `inStockOnly` hides rows with nothing left to buy.
 */
import { useQuery } from '@apollo/client/react';
import { useErrorText, useFormat } from '@miw/client-shared/react';
import { Image, Pressable, StyleSheet, Text, View } from 'react-native';
import { useTranslation } from 'react-i18next';
import { graphql } from '../gql';
import type { ProductFilter, ProductOrderBy } from '../gql/graphql';
import { useNavigation } from '../nav/Navigator';
import { useFetchPolicy } from '../state/online';
import { space, useTheme } from '../theme';
import { Empty, ErrorText, LoadMore, Loading } from '../ui';

const ProductsDocument = graphql(`
  query Products($filter: ProductFilter, $orderBy: ProductOrderBy, $first: Int, $after: String) {
    products(filter: $filter, orderBy: $orderBy, first: $first, after: $after) {
      totalCount
      edges {
        cursor
        node {
          ...ProductRowFields
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
  fragment ProductRowFields on Product {
    id
    name
    images
    availability
    price {
      amount
      currency
    }
    category {
      id
      name
    }
  }
`);

const PAGE = 12;

export interface ProductListProps {
  filter: ProductFilter;
  orderBy: ProductOrderBy;
  inStockOnly?: boolean;
  /** Shown when nothing matches. */
  emptyText: string;
}

export function ProductList({ filter, orderBy, inStockOnly, emptyText }: ProductListProps) {
  const c = useTheme();
  const { t } = useTranslation();
  const errorText = useErrorText();
  const fetchPolicy = useFetchPolicy();
  const { data, previousData, loading, error, fetchMore, refetch } = useQuery(ProductsDocument, {
    variables: { filter, orderBy, first: PAGE },
    fetchPolicy,
    notifyOnNetworkStatusChange: true,
  });
  const page = (data ?? previousData)?.products;
  if (!page && loading) return <Loading />;
  const nodes = page?.edges.map((e) => e.node) ?? [];
  const shown = inStockOnly ? nodes.filter((p) => p.availability > 0) : nodes;
  return (
    <View style={styles.list}>
      {page ? (
        <Text testID="result-count" style={{ color: c.muted }}>
          {t('products.count', { count: page.totalCount })}
        </Text>
      ) : null}
      {shown.map((p) => (
        <ProductRow key={p.id} product={p} />
      ))}
      {page && shown.length === 0 ? <Empty text={emptyText} testID="products-empty" /> : null}
      <ErrorText text={error && !page ? errorText(error) : null} onRetry={() => void refetch()} />
      <LoadMore
        hasMore={!!page?.pageInfo.hasNextPage}
        loading={loading}
        onPress={() => void fetchMore({ variables: { after: page?.pageInfo.endCursor } })}
      />
    </View>
  );
}

interface RowProduct {
  id: string;
  name: string;
  images: string[];
  availability: number;
  price: { amount: number; currency: string };
  category: { name: string } | null;
}

function ProductRow({ product }: { product: RowProduct }) {
  const c = useTheme();
  const { t } = useTranslation();
  const { money } = useFormat();
  const nav = useNavigation();
  const image = product.images[0];
  const stock = product.availability > 0 ? t('products.inStock') : t('products.outOfStock');
  return (
    <Pressable
      role="button"
      testID="product-row"
      onPress={() => nav.navigate({ name: 'product', id: product.id })}
      style={({ pressed }) => [styles.row, { backgroundColor: c.surface, borderColor: c.border }, pressed && { opacity: 0.8 }]}
    >
      <View style={[styles.thumb, { backgroundColor: c.background }]}>{image ? <Image source={{ uri: image }} style={styles.thumb} alt="" /> : null}</View>
      <View style={styles.text}>
        <Text testID="product-name" style={[styles.name, { color: c.text }]} numberOfLines={2}>
          {product.name}
        </Text>
        {product.category ? <Text style={{ color: c.muted, fontSize: 13 }}>{product.category.name}</Text> : null}
        <View style={styles.meta}>
          <Text testID="product-price" style={[styles.price, { color: c.text }]}>
            {money(product.price)}
          </Text>
          <Text style={{ color: product.availability > 0 ? c.success : c.danger, fontSize: 13 }}>{stock}</Text>
        </View>
      </View>
    </Pressable>
  );
}

const styles = StyleSheet.create({
  list: { gap: space.sm },
  row: { flexDirection: 'row', gap: space.md, borderWidth: 1, borderRadius: 12, padding: space.sm, alignItems: 'center' },
  thumb: { width: 64, height: 64, borderRadius: 8 },
  text: { flex: 1, gap: 2 },
  name: { fontSize: 16, fontWeight: '600' },
  meta: { flexDirection: 'row', justifyContent: 'space-between', alignItems: 'center' },
  price: { fontSize: 16, fontWeight: '700' },
});
