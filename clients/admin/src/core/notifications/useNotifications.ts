/**
 * The signed-in person's notifications with their unread count, kept live: a new notification
 * (subscription) refetches the first page, so the bell, the popover and the page agree.
 */
import { useMutation, useQuery, useSubscription } from '@apollo/client/react';
import { useCallback, useState } from 'react';
import { MarkAllNotificationsReadDocument, MarkNotificationReadDocument, NotificationAddedDocument, NotificationsDocument } from '../operations';

export function useNotifications(pageSize: number, unreadOnly: boolean) {
  const query = useQuery(NotificationsDocument, { variables: { first: pageSize, unreadOnly }, notifyOnNetworkStatusChange: true });
  const { refetch, fetchMore } = query;
  const [loadingMore, setLoadingMore] = useState(false);
  useSubscription(NotificationAddedDocument, { onData: () => void refetch() });
  const [markOne] = useMutation(MarkNotificationReadDocument);
  const [markAll, markAllState] = useMutation(MarkAllNotificationsReadDocument);
  const connection = query.data?.myNotifications;
  const items = connection?.edges.map((e) => e.node) ?? [];

  const more = useCallback(async () => {
    const after = connection?.pageInfo.endCursor;
    if (!after) return;
    setLoadingMore(true);
    try {
      await fetchMore({
        variables: { after },
        updateQuery: (prev, { fetchMoreResult }) => ({
          ...fetchMoreResult,
          myNotifications: { ...fetchMoreResult.myNotifications, edges: [...prev.myNotifications.edges, ...fetchMoreResult.myNotifications.edges] },
        }),
      });
    } finally {
      setLoadingMore(false);
    }
  }, [connection?.pageInfo.endCursor, fetchMore]);

  const markRead = useCallback(
    async (id: string) => {
      await markOne({ variables: { id } });
      await refetch();
    },
    [markOne, refetch],
  );

  const markAllRead = useCallback(async () => {
    await markAll();
    await refetch();
  }, [markAll, refetch]);

  return {
    items,
    unread: query.data?.unreadNotificationCount ?? 0,
    loading: query.loading && !query.data,
    error: query.error,
    hasMore: connection?.pageInfo.hasNextPage ?? false,
    loadingMore,
    busy: markAllState.loading,
    more,
    markRead,
    markAllRead,
  };
}

export type NotificationsState = ReturnType<typeof useNotifications>;
