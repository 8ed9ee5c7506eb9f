/** The shopper's notifications: newest first by cursor pages, new ones arriving live. */
import { useMutation, useQuery, useSubscription } from '@apollo/client/react';
import { useErrorText, useFormat, useMiw } from '@miw/client-shared/react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Pressable, Text } from 'react-native';
import { graphql } from '../gql';
import type { NotificationFieldsFragment } from '../gql/graphql';
import { useNavigation } from '../nav/Navigator';
import { useFetchPolicy } from '../state/online';
import { useTheme } from '../theme';
import { Empty, ErrorText, LoadMore, Loading, Screen } from '../ui';
import { isoOf } from './Order';
import { SignInPrompt } from './SignInPrompt';

const MyNotificationsDocument = graphql(`
  query MyNotifications($first: Int, $after: String) {
    myNotifications(first: $first, after: $after) {
      edges {
        cursor
        node {
          ...NotificationFields
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
  fragment NotificationFields on Notification {
    id
    title
    body
    readAt
    createdAt
    link {
      entity
      id
    }
  }
`);

const NotificationAddedDocument = graphql(`
  subscription NotificationAdded {
    notificationAdded {
      ...NotificationFields
    }
  }
`);

const MarkReadDocument = graphql(`
  mutation MarkNotificationRead($id: ID!) {
    markNotificationRead(id: $id) {
      notification {
        id
        readAt
      }
    }
  }
`);

const PAGE = 20;

export default function Notifications() {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const { session } = useMiw();
  const { data, loading, error, fetchMore, refetch } = useQuery(MyNotificationsDocument, { variables: { first: PAGE }, skip: !session, fetchPolicy: useFetchPolicy(), notifyOnNetworkStatusChange: true });
  // Arrivals since the list loaded, newest first (the list itself is not refetched for each one).
  const [arrived, setArrived] = useState<NotificationFieldsFragment[]>([]);
  useSubscription(NotificationAddedDocument, {
    skip: !session,
    onData: ({ data: event }) => {
      const added = event.data?.notificationAdded;
      if (added) setArrived((list) => [added, ...list.filter((n) => n.id !== added.id)]);
    },
  });

  if (!session) return <SignInPrompt title={t('notifications.title')} />;
  const page = data?.myNotifications;
  const known = new Set(page?.edges.map((e) => e.node.id));
  const items = [...arrived.filter((n) => !known.has(n.id)), ...(page?.edges.map((e) => e.node) ?? [])];
  return (
    <Screen title={t('notifications.title')}>
      {!page && loading ? <Loading /> : null}
      <ErrorText text={error && !page ? errorText(error) : null} onRetry={() => void refetch()} />
      {page && items.length === 0 ? <Empty text={t('notifications.empty')} testID="notifications-empty" /> : null}
      {items.map((n) => (
        <NotificationRow key={n.id} notification={n} />
      ))}
      <LoadMore hasMore={!!page?.pageInfo.hasNextPage} loading={loading} onPress={() => void fetchMore({ variables: { after: page?.pageInfo.endCursor } })} />
    </Screen>
  );
}

function NotificationRow({ notification: n }: { notification: NotificationFieldsFragment }) {
  const c = useTheme();
  const { t } = useTranslation();
  const { dateTime } = useFormat();
  const nav = useNavigation();
  const [markRead] = useMutation(MarkReadDocument);
  const unread = !n.readAt;
  const open = () => {
    if (unread) void markRead({ variables: { id: n.id } }).catch(() => undefined);
    if (n.link?.entity === 'ORDER') nav.navigate({ name: 'order', id: n.link.id });
  };
  return (
    <Pressable
      role="button"
      testID="notification-row"
      onPress={open}
      style={{ borderWidth: unread ? 2 : 1, borderColor: unread ? c.primary : c.border, backgroundColor: c.surface, borderRadius: 12, padding: 12, gap: 2 }}
    >
      {unread ? <Text style={{ color: c.primary, fontSize: 13, fontWeight: '700' }}>{t('notifications.unread')}</Text> : null}
      <Text testID="notification-title" style={{ color: c.text, fontWeight: unread ? '700' : '500' }}>
        {n.title}
      </Text>
      <Text style={{ color: c.text }}>{n.body}</Text>
      <Text style={{ color: c.muted, fontSize: 13 }}>{dateTime(isoOf(n.createdAt))}</Text>
    </Pressable>
  );
}
