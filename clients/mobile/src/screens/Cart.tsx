/**
 * The cart of the chosen store: lines with quantity steppers, the total, and the way to checkout.
 * It lives on the server (per store); the persisted Apollo cache keeps the last copy for offline use.
 */
import { useMutation, useQuery } from '@apollo/client/react';
import { useErrorText, useFormat, useMiw } from '@miw/client-shared/react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Text, View } from 'react-native';
import { graphql } from '../gql';
import type { MyCartQuery } from '../gql/graphql';
import { useNavigation } from '../nav/Navigator';
import { useFetchPolicy } from '../state/online';
import { useStore } from '../state/store';
import { useTheme } from '../theme';
import { Button, Card, Empty, ErrorText, Loading, Row, Screen } from '../ui';
import { SignInPrompt } from './SignInPrompt';

const MyCartDocument = graphql(`
  query MyCart($storeId: ID!) {
    myCart(storeId: $storeId) {
      ...CartFields
    }
  }
  fragment CartFields on Cart {
    id
    itemCount
    blocked
    total {
      amount
      currency
    }
    store {
      id
      name
    }
    items {
      quantity
      unavailableReason
      product {
        id
        name
      }
      unitPrice {
        amount
        currency
      }
      lineTotal {
        amount
        currency
      }
      stock {
        available
      }
    }
  }
`);

const UpdateCartItemDocument = graphql(`
  mutation UpdateCartItem($input: UpdateCartItemInput!) {
    updateCartItem(input: $input) {
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

const RemoveFromCartDocument = graphql(`
  mutation RemoveFromCart($input: RemoveFromCartInput!) {
    removeFromCart(input: $input) {
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

type CartData = NonNullable<MyCartQuery['myCart']>;

/** The signed-in shopper's cart in the chosen store (null: empty, no store or signed out). */
export function useCart() {
  const { session } = useMiw();
  const { store } = useStore();
  const fetchPolicy = useFetchPolicy();
  const skip = !session || !store;
  const result = useQuery(MyCartDocument, { variables: { storeId: store?.id ?? '' }, skip, fetchPolicy });
  return { ...result, cart: skip ? null : (result.data?.myCart ?? null), skip };
}

export default function Cart() {
  const { t } = useTranslation();
  const nav = useNavigation();
  const { session } = useMiw();
  const { store } = useStore();
  const errorText = useErrorText();
  const { cart, data, loading, error, refetch } = useCart();

  if (!session) return <SignInPrompt title={t('cart.title')} />;
  if (!store) {
    return (
      <Screen title={t('cart.title')}>
        <Empty text={t('product.chooseStoreFirst')} />
        <Button label={t('store.choose')} onPress={() => nav.navigate({ name: 'stores' })} testID="store-chip" />
      </Screen>
    );
  }
  return (
    <Screen title={t('cart.title')} subtitle={t('store.yours', { name: store.name })}>
      {!data && loading ? <Loading /> : null}
      <ErrorText text={error && !data ? errorText(error) : null} onRetry={() => void refetch()} />
      {data && (!cart || cart.items.length === 0) ? <Empty text={t('cart.empty')} testID="cart-empty" /> : null}
      {cart && cart.items.length > 0 ? <CartLines cart={cart} /> : null}
    </Screen>
  );
}

function CartLines({ cart }: { cart: CartData }) {
  const c = useTheme();
  const { t } = useTranslation();
  const { money } = useFormat();
  const errorText = useErrorText();
  const nav = useNavigation();
  const [update, updating] = useMutation(UpdateCartItemDocument);
  const [remove, removing] = useMutation(RemoveFromCartDocument);
  const [problem, setProblem] = useState<string | null>(null);

  const run = async (action: () => Promise<{ errors: readonly { code: string }[] } | undefined>) => {
    setProblem(null);
    try {
      const payload = await action();
      if (payload?.errors.length) setProblem(errorText(null, payload.errors));
    } catch (e) {
      setProblem(errorText(e));
    }
  };
  const setQuantity = (productId: string, quantity: number) =>
    run(async () =>
      quantity <= 0
        ? (await remove({ variables: { input: { cartId: cart.id, productId } } })).data?.removeFromCart
        : (await update({ variables: { input: { cartId: cart.id, productId, quantity } } })).data?.updateCartItem,
    );
  const busy = updating.loading || removing.loading;

  return (
    <View style={{ gap: 8 }}>
      {cart.items.map((line) => (
        <Card key={line.product.id} testID="cart-line">
          <Text testID="cart-line-name" style={{ color: c.text, fontSize: 16, fontWeight: '600' }}>
            {line.product.name}
          </Text>
          <Text style={{ color: c.muted }}>
            {t('cart.lineDetail', { quantity: line.quantity, price: money(line.unitPrice) })} · {t('cart.stock', { count: line.stock.available })}
          </Text>
          {line.unavailableReason ? <Text style={{ color: c.danger }}>{t('cart.unavailable')}</Text> : null}
          <Row>
            <Button label="−" a11yLabel={t('cart.less', { name: line.product.name })} variant="secondary" small disabled={busy} onPress={() => void setQuantity(line.product.id, line.quantity - 1)} testID="cart-less" />
            <Text testID="cart-line-quantity" style={{ color: c.text, fontSize: 16, minWidth: 24, textAlign: 'center' }}>
              {line.quantity}
            </Text>
            <Button label="+" a11yLabel={t('cart.more', { name: line.product.name })} variant="secondary" small disabled={busy} onPress={() => void setQuantity(line.product.id, line.quantity + 1)} testID="cart-more" />
            <Button label={t('cart.remove')} a11yLabel={t('cart.removeNamed', { name: line.product.name })} variant="ghost" small disabled={busy} onPress={() => void setQuantity(line.product.id, 0)} testID="cart-remove" />
            <Text style={{ color: c.text, fontWeight: '700', marginLeft: 'auto' }}>{money(line.lineTotal)}</Text>
          </Row>
        </Card>
      ))}
      <ErrorText text={problem} />
      <Text testID="cart-total" style={{ color: c.text, fontSize: 20, fontWeight: '700' }}>
        {t('cart.total', { total: money(cart.total) })}
      </Text>
      {cart.blocked ? <Text style={{ color: c.danger }}>{t('cart.blocked')}</Text> : null}
      <Button label={t('cart.checkout')} disabled={cart.blocked} onPress={() => nav.navigate({ name: 'checkout' })} testID="go-to-checkout" />
    </View>
  );
}
