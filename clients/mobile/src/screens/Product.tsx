/**
 * A product: price in the locale's format, description, availability in the region of the chosen
 * store, the stores to choose from (nearest first when the location is known) and "add to cart".
 */
import { useMutation, useQuery } from '@apollo/client/react';
import { useErrorText, useFormat, useMiw } from '@miw/client-shared/react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Image, StyleSheet, Text } from 'react-native';
import { graphql } from '../gql';
import { useNavigation } from '../nav/Navigator';
import { toPath, type Route } from '../nav/routes';
import { useFetchPolicy } from '../state/online';
import { useStore } from '../state/store';
import { useTheme } from '../theme';
import { Button, Card, Empty, ErrorText, Loading, Row, Screen, Section } from '../ui';
import { StorePicker } from './StorePicker';

const ProductDocument = graphql(`
  query Product($id: ID!) {
    product(id: $id) {
      id
      name
      description
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
      manufacturer {
        id
        name
      }
    }
  }
`);

const AddToCartDocument = graphql(`
  mutation AddToCart($input: AddToCartInput!) {
    addToCart(input: $input) {
      cart {
        ...CartFields
      }
      errors {
        code
        message
      }
    }
  }
`);

export default function Product({ route }: { route: Route }) {
  const id = route.name === 'product' ? route.id : '';
  const c = useTheme();
  const { t } = useTranslation();
  const { money } = useFormat();
  const errorText = useErrorText();
  const nav = useNavigation();
  const { session } = useMiw();
  const { store } = useStore();
  const { data, loading, error, refetch } = useQuery(ProductDocument, { variables: { id }, fetchPolicy: useFetchPolicy() });
  const [add, adding] = useMutation(AddToCartDocument);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  const product = data?.product;
  if (!data && loading) return <Screen title={t('common.loading')} back><Loading /></Screen>;
  if (!product) {
    return (
      <Screen title={t('product.missing')} back>
        <ErrorText text={error ? errorText(error) : null} onRetry={() => void refetch()} />
        {!error ? <Empty text={t('errors.NOT_FOUND')} /> : null}
      </Screen>
    );
  }

  const onAdd = async () => {
    setMessage(null);
    if (!session) return nav.navigate({ name: 'signin', next: toPath(route) });
    if (!store) return;
    try {
      const result = await add({ variables: { input: { storeId: store.id, productId: product.id, quantity: 1 } }, refetchQueries: ['MyCart'] });
      const payload = result.data?.addToCart;
      if (payload?.errors.length) setMessage({ ok: false, text: errorText(null, payload.errors) ?? '' });
      else setMessage({ ok: true, text: t('product.added') });
    } catch (e) {
      setMessage({ ok: false, text: errorText(e) ?? '' });
    }
  };

  const availability = product.availability > 0 ? t('product.available', { count: product.availability }) : t('products.outOfStock');
  const image = product.images[0];
  return (
    <Screen title={product.name} subtitle={[product.manufacturer?.name, product.category?.name].filter(Boolean).join(' · ')} back>
      {image ? <Image source={{ uri: image }} style={styles.image} alt={product.name} resizeMode="cover" /> : null}
      <Text testID="product-price" style={[styles.price, { color: c.text }]}>
        {money(product.price)}
      </Text>
      <Text testID="product-availability" style={{ color: product.availability > 0 ? c.success : c.danger }}>
        {availability}
      </Text>
      <Card>
        <Text style={{ color: c.text }} testID="product-store">
          {store ? t('store.yours', { name: store.name }) : t('product.chooseStoreFirst')}
        </Text>
        <Row>
          <Button label={t('product.addToCart')} onPress={() => void onAdd()} busy={adding.loading} disabled={!store || product.availability <= 0} testID="add-to-cart" />
          {message?.ok ? <Button label={t('product.goToCart')} variant="secondary" onPress={() => nav.navigate({ name: 'cart' })} testID="go-to-cart" /> : null}
        </Row>
        {message ? (
          <Text role={message.ok ? 'status' : 'alert'} testID={message.ok ? 'added-message' : 'error'} style={{ color: message.ok ? c.success : c.danger }}>
            {message.text}
          </Text>
        ) : null}
      </Card>
      {product.description ? (
        <Section title={t('product.description')}>
          <Text style={{ color: c.text, fontSize: 16, lineHeight: 22 }}>{product.description}</Text>
        </Section>
      ) : null}
      <Section title={t('product.stores')}>
        <StorePicker availability={availability} onChosen={() => setMessage(null)} />
      </Section>
    </Screen>
  );
}

const styles = StyleSheet.create({
  image: { width: '100%', aspectRatio: 4 / 3, borderRadius: 12 },
  price: { fontSize: 24, fontWeight: '700' },
});
