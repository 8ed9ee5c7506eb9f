/**
 * The bell of the app bar: unread count (live through `notificationAdded`), a popover with the
 * newest notifications (cursor-paged "more"), mark one or all read.
 */
import { Badge, Box, Button, Divider, IconButton, Popover, Tooltip, Typography } from '@mui/material';
import NotificationsIcon from '@mui/icons-material/Notifications';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink } from 'react-router';
import { useNotifications } from './notifications/useNotifications';
import { NotificationList } from './notifications/NotificationList';
import { ErrorAlert } from '../ui';

export function NotificationsBell() {
  const { t } = useTranslation();
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  const list = useNotifications(10, false);
  const unread = list.unread;
  // The count is in the label; the badge itself is hidden from assistive technology.
  const label = unread > 0 ? t('core.notifications.bellUnread', { count: unread }) : t('core.notifications.bell');
  return (
    <>
      <Tooltip title={label}>
        <IconButton color="inherit" aria-label={label} onClick={(e) => setAnchor(e.currentTarget)} data-testid="notifications-bell" data-unread={unread}>
          {/* No badge at 0: an invisible badge keeps its last number in the DOM, which contradicts the label. The dark red keeps white digits readable in both themes. */}
          {unread > 0 ? (
            <Badge badgeContent={unread} color="error" max={99} sx={{ '& .MuiBadge-badge': { bgcolor: 'error.dark', color: 'common.white' } }} slotProps={{ badge: { 'data-testid': 'notifications-badge', 'aria-hidden': true } as object }}>
              <NotificationsIcon />
            </Badge>
          ) : (
            <NotificationsIcon />
          )}
        </IconButton>
      </Tooltip>
      <Popover
        open={Boolean(anchor)}
        anchorEl={anchor}
        onClose={() => setAnchor(null)}
        anchorOrigin={{ vertical: 'bottom', horizontal: 'right' }}
        transformOrigin={{ vertical: 'top', horizontal: 'right' }}
        slotProps={{ paper: { sx: { width: 380, maxWidth: '95vw' }, 'data-testid': 'notifications-popover' } as object }}
      >
        <Box sx={{ display: 'flex', alignItems: 'center', px: 2, py: 1 }}>
          <Typography variant="subtitle1" component="h2" sx={{ flex: 1 }}>
            {t('core.notifications.title')}
          </Typography>
          <Button size="small" onClick={() => void list.markAllRead()} disabled={unread === 0 || list.busy} data-testid="notifications-mark-all">
            {t('core.notifications.markAllRead')}
          </Button>
        </Box>
        <Divider />
        <Box sx={{ maxHeight: 420, overflow: 'auto' }}>
          <ErrorAlert error={list.error} />
          <NotificationList list={list} dense />
        </Box>
        <Divider />
        <Box sx={{ p: 1, textAlign: 'center' }}>
          <Button size="small" component={RouterLink} to="/notifications" onClick={() => setAnchor(null)} data-testid="notifications-open-page">
            {t('core.notifications.seeAll')}
          </Button>
        </Box>
      </Popover>
    </>
  );
}
