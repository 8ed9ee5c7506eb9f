/** Signed out: the login page. Signed in: the layout with the sections of the person's role. */
import { Alert, Box } from '@mui/material';
import { Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, Route, Routes } from 'react-router';
import { useMiw } from '@miw/client-shared/react';
import { sections } from '../routes';
import { Loading, NotAllowed } from '../ui';
import { Layout } from './Layout';
import { LoginPage } from './LoginPage';

export function Shell() {
  const { session } = useMiw();
  const { t } = useTranslation();
  if (!session) return <LoginPage />;
  const role = session.user.role;
  if (role === 'CUSTOMER')
    return (
      <Box component="main" sx={{ p: 4 }}>
        <h1>{t('shell.title')}</h1>
        <Alert severity="info">{t('shell.customersUseApp')}</Alert>
      </Box>
    );
  const mine = sections.filter((s) => s.roles.includes(role));
  const home = mine.find((s) => s.menu !== false && !s.path.includes(':'));
  return (
    <Layout sections={mine}>
      <Suspense fallback={<Loading />}>
        <Routes>
          {sections.map((s) => {
            const Page = s.page;
            return <Route key={`${s.path}:${s.roles.join()}`} path={`/${s.path}`} element={s.roles.includes(role) ? <Page /> : <NotAllowed />} />;
          })}
          <Route path="/" element={home ? <Navigate to={`/${home.path}`} replace /> : <NotAllowed />} />
          <Route path="*" element={<NotAllowed />} />
        </Routes>
      </Suspense>
    </Layout>
  );
}
