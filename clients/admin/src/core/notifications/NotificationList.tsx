/** Notifications as a list: unread ones marked, each with "mark read"; "more" loads the next page. */
import { Box, Button, IconButton, List, ListItem, ListItemText, Tooltip, Typography } from '@mui/material';
import DoneIcon from '@mui/icons-material/Done';
import { useTranslation } from 'react-i18next';
import { useFormat } from '@miw/client-shared/react';
import { Loading } from '../../ui';
import type { NotificationsState } from './useNotifications';

export function NotificationList({ list, dense }: { list: NotificationsState; dense?: boolean }) {
  const { t } = useTranslation();
  const format = useFormat();
  if (list.loading) return <Loading />;
  if (list.items.length === 0)
    return (
      <Typography sx={{ p: 2 }} color="text.secondary" data-testid="notifications-empty">
        {t('core.notifications.empty')}
      </Typography>
    );
  return (
    <>
      <List dense={dense} disablePadding>
        {list.items.map((n) => (
          <ListItem
            key={n.id}
            divider
            data-testid="notification-item"
            data-unread={n.readAt ? 'false' : 'true'}
            sx={{ alignItems: 'flex-start', bgcolor: n.readAt ? undefined : 'action.selected' }}
            secondaryAction={
              n.readAt ? null : (
                <Tooltip title={t('core.notifications.markRead')}>
                  <IconButton edge="end" aria-label={t('core.notifications.markReadOf', { title: n.title })} onClick={() => void list.markRead(n.id)} data-testid="notification-mark-read">
                    <DoneIcon />
                  </IconButton>
                </Tooltip>
              )
            }
          >
            <ListItemText
              primary={
                <Box component="span" sx={{ fontWeight: n.readAt ? 400 : 600 }}>
                  {n.title}
                </Box>
              }
              secondary={
                <>
                  <Box component="span" sx={{ display: 'block', whiteSpace: dense ? 'nowrap' : 'pre-line', overflow: 'hidden', textOverflow: 'ellipsis' }}>
                    {n.body}
                  </Box>
                  <Box component="span" sx={{ display: 'block' }}>
                    {t(`core.notifications.types.${n.type}`)} · {format.dateTime(n.createdAt)}
                  </Box>
                </>
              }
              sx={{ pr: 4 }}
            />
          </ListItem>
        ))}
      </List>
      {list.hasMore ? (
        <Box sx={{ p: 1, textAlign: 'center' }}>
          <Button size="small" onClick={() => void list.more()} disabled={list.loadingMore} data-testid="notifications-more">
            {t('common.loadMore')}
          </Button>
        </Box>
      ) : null}
    </>
  );
}
