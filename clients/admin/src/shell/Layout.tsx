/** The frame of every signed-in page: app bar (region, language, theme, notifications, account) and the role's menu. */
import { Alert, AppBar, Box, Drawer, IconButton, List, ListItem, ListItemButton, ListItemIcon, ListItemText, Menu, MenuItem, Toolbar, Tooltip, Typography, useMediaQuery, useTheme } from '@mui/material';
import AccountCircle from '@mui/icons-material/AccountCircle';
import DarkMode from '@mui/icons-material/DarkMode';
import LightMode from '@mui/icons-material/LightMode';
import MenuIcon from '@mui/icons-material/Menu';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink } from 'react-router';
import { useMiw, useSignOut } from '@miw/client-shared/react';
import { NotificationsBell } from '../core/NotificationsBell';
import type { Section } from '../sections';
import { Preferences } from './Preferences';
import { useThemeMode } from './theme-mode';

const DRAWER = 248;

export function Layout({ sections, children }: { sections: readonly Section[]; children: ReactNode }) {
  const { t } = useTranslation();
  const theme = useTheme();
  const wide = useMediaQuery(theme.breakpoints.up('md'));
  const [open, setOpen] = useState(false);
  const [account, setAccount] = useState<HTMLElement | null>(null);
  const { session, region } = useMiw();
  const signOut = useSignOut();
  const themeMode = useThemeMode();
  const user = session!.user;
  const catalogRole = user.role === 'ADMIN' || user.role === 'MANUFACTURER';

  const menu = (
    <Box component="nav" aria-label={t('shell.navigation')}>
      <Toolbar />
      <List>
        {sections
          .filter((s) => s.menu !== false && !s.path.includes(':'))
          .map((s) => {
            const Icon = s.icon;
            return (
              // A list item around each link: a <ul> may only hold <li> (screen readers count the entries).
              <ListItem key={s.path} disablePadding>
                <ListItemButton component={NavLink} to={`/${s.path}`} onClick={() => setOpen(false)} data-testid={`nav-${s.path.replace(/\//g, '-')}`}>
                  {Icon ? (
                    <ListItemIcon>
                      <Icon />
                    </ListItemIcon>
                  ) : null}
                  <ListItemText primary={t(s.label)} />
                </ListItemButton>
              </ListItem>
            );
          })}
      </List>
    </Box>
  );

  return (
    <Box sx={{ display: 'flex' }}>
      <AppBar position="fixed" sx={{ zIndex: (th) => th.zIndex.drawer + 1 }} enableColorOnDark>
        <Toolbar sx={{ gap: 1 }}>
          {wide ? null : (
            <IconButton color="inherit" edge="start" aria-label={t('shell.openMenu')} onClick={() => setOpen(true)}>
              <MenuIcon />
            </IconButton>
          )}
          <Typography variant="h6" component="div" sx={{ flexGrow: 1 }} noWrap>
            {t('shell.title')}
          </Typography>
          <Box sx={{ bgcolor: 'background.paper', borderRadius: 1, p: 0.5, display: { xs: 'none', sm: 'block' } }}>
            <Preferences dense />
          </Box>
          <Tooltip title={t('shell.theme.toggle')}>
            <IconButton color="inherit" aria-label={t('shell.theme.toggle')} onClick={themeMode.toggle} data-testid="theme-toggle">
              {themeMode.mode === 'dark' ? <LightMode /> : <DarkMode />}
            </IconButton>
          </Tooltip>
          <NotificationsBell />
          <IconButton color="inherit" aria-label={t('shell.account')} onClick={(e) => setAccount(e.currentTarget)} data-testid="account-menu">
            <AccountCircle />
          </IconButton>
          <Menu anchorEl={account} open={Boolean(account)} onClose={() => setAccount(null)}>
            <MenuItem disabled>{t('shell.signedInAs', { name: user.name, role: t(`shell.roles.${user.role}`) })}</MenuItem>
            <MenuItem onClick={() => void signOut()} data-testid="sign-out">
              {t('common.signOut')}
            </MenuItem>
          </Menu>
        </Toolbar>
      </AppBar>
      <Drawer
        variant={wide ? 'permanent' : 'temporary'}
        open={wide || open}
        onClose={() => setOpen(false)}
        sx={{ width: DRAWER, flexShrink: 0, '& .MuiDrawer-paper': { width: DRAWER, boxSizing: 'border-box' } }}
      >
        {menu}
      </Drawer>
      <Box component="main" sx={{ flexGrow: 1, p: 3, minWidth: 0 }}>
        <Toolbar />
        {region === 'cn' && catalogRole ? (
          <Alert severity="info" sx={{ mb: 2 }} data-testid="read-only-banner">
            {t('shell.readOnlyRegion')}
          </Alert>
        ) : null}
        {children}
      </Box>
    </Box>
  );
}
