/**
 * One order with its status kept live by the `orderUpdated` subscription: each event is the order
 * as it now is, normalized into the cache by id, so the screen changes without a reload.
 */
import { useMutation, useQuery, useSubscription } from '@apollo/client/react';
import { useErrorText, useFormat, useMiw } from '@miw/client-shared/react';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Text } from 'react-native';
import { graphql } from '../gql';
import type { Route } from '../nav/routes';
import { useFetchPolicy } from '../state/online';
import { useTheme } from '../theme';
import { Button, Card, Empty, ErrorText, Loading, Screen, Section } from '../ui';
import { SignInPrompt } from './SignInPrompt';

const OrderDocument = graphql(`
  query Order($id: ID!) {
    order(id: $id) {
      ...OrderFields
    }
  }
  fragment OrderFields on Order {
    id
    status
    createdAt
    placedAt
    expiresAt
    note
    cancelReason
    total {
      amount
      currency
    }
    store {
      id
      name
    }
    payment {
      provider
      status
      declineReason
    }
    items {
      sku
      name
      quantity
      lineTotal {
        amount
        currency
      }
    }
  }
`);

const OrderUpdatedDocument = graphql(`
  subscription OrderUpdated($orderId: ID!) {
    orderUpdated(orderId: $orderId) {
      ...OrderFields
    }
  }
`);

const CancelOrderDocument = graphql(`
  mutation CancelOrder($input: CancelOrderInput!) {
    cancelOrder(input: $input) {
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

/** Statuses in which the shopper may still cancel. */
const CANCELLABLE = new Set(['PENDING_PAYMENT', 'PLACED']);

export const isoOf = (value: Date | string | null | undefined): string | null => (value == null ? null : typeof value === 'string' ? value : value.toISOString());

export default function Order({ route }: { route: Route }) {
  const id = route.name === 'order' ? route.id : '';
  const c = useTheme();
  const { t } = useTranslation();
  const { money, dateTime } = useFormat();
  const errorText = useErrorText();
  const { session } = useMiw();
  const { data, loading, error, refetch, startPolling, stopPolling } = useQuery(OrderDocument, { variables: { id }, skip: !session, fetchPolicy: useFetchPolicy() });
  const live = useSubscription(OrderUpdatedDocument, { variables: { orderId: id }, skip: !session });
  const status = data?.order?.status;
  // The card provider confirms the payment a moment after checkout, possibly before the
  // subscription above has started: while the payment is pending, ask again every 2 s too.
  useEffect(() => {
    if (status !== 'PENDING_PAYMENT') return undefined;
    startPolling(2_000);
    return stopPolling;
  }, [status, startPolling, stopPolling]);
  const [cancel, cancelling] = useMutation(CancelOrderDocument);
  const [problem, setProblem] = useState<string | null>(null);

  if (!session) return <SignInPrompt title={t('order.title')} />;
  const order = data?.order;
  if (!data && loading) return <Screen title={t('order.title')} back><Loading /></Screen>;
  if (!order) {
    return (
      <Screen title={t('order.title')} back>
        <ErrorText text={error ? errorText(error) : null} onRetry={() => void refetch()} />
        {!error ? <Empty text={t('errors.NOT_FOUND')} /> : null}
      </Screen>
    );
  }

  const onCancel = async () => {
    setProblem(null);
    try {
      const result = await cancel({ variables: { input: { orderId: order.id } } });
      if (result.data?.cancelOrder.errors.length) setProblem(errorText(null, result.data.cancelOrder.errors));
    } catch (e) {
      setProblem(errorText(e));
    }
  };

  return (
    <Screen title={t('order.title')} subtitle={t('order.number', { id: order.id.slice(0, 8) })} back>
      <Card testID="order-summary">
        <Text style={{ color: c.muted }}>{t('order.statusLabel')}</Text>
        <Text testID="order-status" role="status" aria-live="polite" style={{ color: c.text, fontSize: 22, fontWeight: '700' }}>
          {t(`orderStatus.${order.status}`)}
        </Text>
        {order.payment ? (
          <Text testID="payment-status" style={{ color: c.muted }}>
            {t('order.payment', { provider: t(`paymentProvider.${order.payment.provider}`), status: t(`paymentStatus.${order.payment.status}`) })}
          </Text>
        ) : null}
        <Text style={{ color: c.muted }}>{t('order.placedIn', { store: order.store.name, date: dateTime(isoOf(order.createdAt)) })}</Text>
        {order.status === 'PENDING_PAYMENT' && order.expiresAt ? <Text style={{ color: c.muted }}>{t('order.expires', { date: dateTime(isoOf(order.expiresAt)) })}</Text> : null}
        {live.error ? <Text style={{ color: c.danger }}>{t('order.liveOff')}</Text> : null}
      </Card>
      <Section title={t('order.items')}>
        {order.items.map((item) => (
          <Text key={item.sku} style={{ color: c.text }}>
            {item.quantity} × {item.name} · {money(item.lineTotal)}
          </Text>
        ))}
        <Text testID="order-total" style={{ color: c.text, fontSize: 18, fontWeight: '700' }}>
          {t('cart.total', { total: money(order.total) })}
        </Text>
        {order.note ? <Text style={{ color: c.muted }}>{t('order.note', { note: order.note })}</Text> : null}
      </Section>
      <ErrorText text={problem} />
      {CANCELLABLE.has(order.status) ? <Button label={t('order.cancel')} variant="secondary" busy={cancelling.loading} onPress={() => void onCancel()} testID="cancel-order" /> : null}
    </Screen>
  );
}
