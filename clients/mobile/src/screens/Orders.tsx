/** The shopper's orders, newest first, a cursor page at a time. */
import { useQuery } from '@apollo/client/react';
import { useErrorText, useFormat, useMiw } from '@miw/client-shared/react';
import { useTranslation } from 'react-i18next';
import { Pressable, Text } from 'react-native';
import { graphql } from '../gql';
import { useNavigation } from '../nav/Navigator';
import { useFetchPolicy } from '../state/online';
import { useTheme } from '../theme';
import { Empty, ErrorText, LoadMore, Loading, Screen } from '../ui';
import { isoOf } from './Order';
import { SignInPrompt } from './SignInPrompt';

const MyOrdersDocument = graphql(`
  query MyOrders($first: Int, $after: String) {
    myOrders(first: $first, after: $after) {
      totalCount
      edges {
        cursor
        node {
          id
          status
          createdAt
          total {
            amount
            currency
          }
          store {
            id
            name
          }
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

const PAGE = 10;

export default function Orders() {
  const c = useTheme();
  const { t } = useTranslation();
  const { money, dateTime } = useFormat();
  const errorText = useErrorText();
  const nav = useNavigation();
  const { session } = useMiw();
  const { data, loading, error, fetchMore, refetch } = useQuery(MyOrdersDocument, { variables: { first: PAGE }, skip: !session, fetchPolicy: useFetchPolicy(), notifyOnNetworkStatusChange: true });

  if (!session) return <SignInPrompt title={t('orders.title')} />;
  const page = data?.myOrders;
  return (
    <Screen title={t('orders.title')}>
      {!page && loading ? <Loading /> : null}
      <ErrorText text={error && !page ? errorText(error) : null} onRetry={() => void refetch()} />
      {page && page.edges.length === 0 ? <Empty text={t('orders.empty')} testID="orders-empty" /> : null}
      {page?.edges.map(({ node }) => (
        <Pressable
          key={node.id}
          role="button"
          testID="order-row"
          onPress={() => nav.navigate({ name: 'order', id: node.id })}
          style={{ borderWidth: 1, borderColor: c.border, backgroundColor: c.surface, borderRadius: 12, padding: 12, gap: 2 }}
        >
          <Text style={{ color: c.text, fontWeight: '600' }}>{dateTime(isoOf(node.createdAt))}</Text>
          <Text style={{ color: c.muted }}>{node.store.name}</Text>
          <Text style={{ color: c.text }}>
            {t(`orderStatus.${node.status}`)} · {money(node.total)}
          </Text>
        </Pressable>
      ))}
      <LoadMore hasMore={!!page?.pageInfo.hasNextPage} loading={loading} onPress={() => void fetchMore({ variables: { after: page?.pageInfo.endCursor } })} />
    </Screen>
  );
}
