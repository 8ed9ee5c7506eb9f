/** The admin panel: one app for every organization role, navigation by role. */
import { CssBaseline, ThemeProvider, createTheme, useMediaQuery } from '@mui/material';
import { zhCN as materialZhCN } from '@mui/material/locale';
import { useMemo, useState, type ReactNode } from 'react';
import { BrowserRouter } from 'react-router';
import { webStorage } from '@miw/client-shared';
import { MiwClientProvider, useMiw } from '@miw/client-shared/react';
import { messages } from './messages';
import { Shell } from './shell/Shell';
import { ThemeModeContext, type ThemeMode } from './shell/theme-mode';
import { Loading } from './ui';

const storage = webStorage();

export function App() {
  return (
    <MiwClientProvider app="admin" storage={storage} messages={messages} preferredLanguage={navigator.language} fallback={<Loading />}>
      <Themed>
        <BrowserRouter>
          <Shell />
        </BrowserRouter>
      </Themed>
    </MiwClientProvider>
  );
}

function Themed({ children }: { children: ReactNode }) {
  const { locale } = useMiw();
  const prefersDark = useMediaQuery('(prefers-color-scheme: dark)');
  const stored = storage.getItem('admin.theme') as ThemeMode | null;
  const [mode, setMode] = useState<ThemeMode>(stored === 'dark' || stored === 'light' ? stored : prefersDark ? 'dark' : 'light');
  const theme = useMemo(() => createTheme({ palette: { mode, primary: { main: mode === 'dark' ? '#90caf9' : '#0d47a1' } } }, ...(locale === 'zh-CN' ? [materialZhCN] : [])), [mode, locale]);
  document.documentElement.lang = locale;
  const modeContext = useMemo(
    () => ({
      mode,
      toggle: () =>
        setMode((m) => {
          const next = m === 'dark' ? 'light' : 'dark';
          void storage.setItem('admin.theme', next);
          return next;
        }),
    }),
    [mode],
  );
  return (
    <ThemeModeContext.Provider value={modeContext}>
      <ThemeProvider theme={theme}>
        <CssBaseline />
        {children}
      </ThemeProvider>
    </ThemeModeContext.Provider>
  );
}
