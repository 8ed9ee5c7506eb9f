/**
 * Checkout of the chosen store's cart for pickup in the store: pay at pickup (manual) or with the
 * development card simulator (TEST_CARD: the card number is the token; the payment is confirmed a
 * moment later by the simulator's webhook, which the order screen shows live).
 */
import { useMutation } from '@apollo/client/react';
import { useErrorText, useFormat, useMiw } from '@miw/client-shared/react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Text } from 'react-native';
import { graphql } from '../gql';
import type { PaymentProvider } from '../gql/graphql';
import { useNavigation } from '../nav/Navigator';
import { uniqueKey } from '../state/platform';
import { useStore } from '../state/store';
import { useTheme } from '../theme';
import { Button, Card, Empty, ErrorText, Loading, Row, Screen, Section, TextField } from '../ui';
import { useCart } from './Cart';
import { SignInPrompt } from './SignInPrompt';

const CheckoutDocument = graphql(`
  mutation Checkout($input: CheckoutInput!) {
    checkout(input: $input) {
      order {
        ...OrderFields
      }
      errors {
        code
        message
      }
    }
  }
`);

export default function Checkout() {
  const c = useTheme();
  const { t } = useTranslation();
  const { money } = useFormat();
  const errorText = useErrorText();
  const nav = useNavigation();
  const { session } = useMiw();
  const { store } = useStore();
  const { cart, data, loading } = useCart();
  const [provider, setProvider] = useState<PaymentProvider>('TEST_CARD');
  const [card, setCard] = useState('');
  const [note, setNote] = useState('');
  // One key per attempt: a retried request after a lost answer returns the same order, never a second one.
  const [attemptKey, setAttemptKey] = useState(uniqueKey);
  const [problem, setProblem] = useState<string | null>(null);
  const [checkout, running] = useMutation(CheckoutDocument);

  if (!session) return <SignInPrompt title={t('checkout.title')} />;
  if (!data && loading) return <Screen title={t('checkout.title')} back><Loading /></Screen>;
  if (!store || !cart || cart.items.length === 0) {
    return (
      <Screen title={t('checkout.title')} back>
        <Empty text={t('cart.empty')} testID="cart-empty" />
      </Screen>
    );
  }

  const cardDigits = card.replace(/\s+/g, '');
  const placeOrder = async () => {
    setProblem(null);
    try {
      const result = await checkout({
        variables: {
          input: {
            cartId: cart.id,
            idempotencyKey: attemptKey,
            paymentMethod: provider === 'TEST_CARD' ? { provider, token: cardDigits } : { provider },
            note: note.trim() || undefined,
          },
        },
        refetchQueries: ['MyCart'],
      });
      const payload = result.data?.checkout;
      if (payload?.order) return nav.replace({ name: 'order', id: payload.order.id });
      setProblem(errorText(null, payload?.errors ?? []));
      setAttemptKey(uniqueKey()); // refused: nothing was ordered, the next attempt is a new one
    } catch (e) {
      setProblem(errorText(e));
    }
  };

  return (
    <Screen title={t('checkout.title')} subtitle={t('checkout.pickupAt', { name: store.name })} back>
      <Card>
        {cart.items.map((line) => (
          <Text key={line.product.id} style={{ color: c.text }}>
            {line.quantity} × {line.product.name} · {money(line.lineTotal)}
          </Text>
        ))}
        <Text testID="checkout-total" style={{ color: c.text, fontSize: 20, fontWeight: '700' }}>
          {t('cart.total', { total: money(cart.total) })}
        </Text>
      </Card>
      <Section title={t('checkout.payment')}>
        <Row>
          <Button label={t('checkout.testCard')} variant="secondary" selected={provider === 'TEST_CARD'} onPress={() => setProvider('TEST_CARD')} testID="pay-test-card" />
          <Button label={t('checkout.manual')} variant="secondary" selected={provider === 'MANUAL'} onPress={() => setProvider('MANUAL')} testID="pay-manual" />
        </Row>
        {provider === 'TEST_CARD' ? (
          <>
            <TextField label={t('checkout.cardNumber')} value={card} onChangeText={setCard} inputMode="numeric" autoComplete="cc-number" placeholder="4242 4242 4242 4242" maxLength={23} testID="card-number" />
            <Text style={{ color: c.muted }}>{t('checkout.testCardHint')}</Text>
          </>
        ) : (
          <Text style={{ color: c.muted }}>{t('checkout.manualHint')}</Text>
        )}
      </Section>
      <TextField label={t('checkout.note')} value={note} onChangeText={setNote} maxLength={500} testID="checkout-note" />
      <ErrorText text={problem} />
      <Button
        label={t('checkout.placeOrder', { total: money(cart.total) })}
        busy={running.loading}
        disabled={cart.blocked || (provider === 'TEST_CARD' && cardDigits.length < 12)}
        onPress={() => void placeOrder()}
        testID="place-order"
      />
    </Screen>
  );
}
