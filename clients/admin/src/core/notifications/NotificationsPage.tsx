/** Every notification of the signed-in person, newest first, unread ones optionally alone. */
import { Button, FormControlLabel, Paper, Switch } from '@mui/material';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert, PageHeader } from '../../ui';
import { NotificationList } from './NotificationList';
import { useNotifications } from './useNotifications';

export default function NotificationsPage() {
  const { t } = useTranslation();
  const [unreadOnly, setUnreadOnly] = useState(false);
  const list = useNotifications(25, unreadOnly);
  return (
    <>
      <PageHeader
        title={t('core.notifications.title')}
        subtitle={t('core.notifications.unreadCount', { count: list.unread })}
        actions={
          <>
            <FormControlLabel control={<Switch checked={unreadOnly} onChange={(e) => setUnreadOnly(e.target.checked)} data-testid="notifications-unread-only" />} label={t('core.notifications.unreadOnly')} />
            <Button variant="outlined" onClick={() => void list.markAllRead()} disabled={list.unread === 0 || list.busy} data-testid="notifications-page-mark-all">
              {t('core.notifications.markAllRead')}
            </Button>
          </>
        }
      />
      <ErrorAlert error={list.error} />
      <Paper variant="outlined">
        <NotificationList list={list} />
      </Paper>
    </>
  );
}
