import { lazy } from 'react';
import AccountTreeIcon from '@mui/icons-material/AccountTree';
import ApiIcon from '@mui/icons-material/Api';
import BusinessIcon from '@mui/icons-material/Business';
import DashboardIcon from '@mui/icons-material/Dashboard';
import FactoryIcon from '@mui/icons-material/Factory';
import HistoryIcon from '@mui/icons-material/History';
import InventoryIcon from '@mui/icons-material/Inventory2';
import NotificationsIcon from '@mui/icons-material/Notifications';
import PeopleIcon from '@mui/icons-material/People';
import StoreIcon from '@mui/icons-material/Store';
import type { Section } from '../sections';

/**
 * Sections of the core area. Order matters: a role's home is the first menu section it sees, so
 * the dashboard (ADMIN) and the products grid (MANUFACTURER's home) come first.
 */
export const coreSections: Section[] = [
  { path: 'dashboard', label: 'core.nav.dashboard', roles: ['ADMIN'], page: lazy(() => import('./dashboard/DashboardPage')), icon: DashboardIcon },
  { path: 'catalog/products', label: 'core.nav.products', roles: ['ADMIN', 'MANUFACTURER'], page: lazy(() => import('./catalog/ProductsPage')), icon: InventoryIcon },
  { path: 'catalog/products/:productId', label: 'core.nav.product', roles: ['ADMIN', 'MANUFACTURER'], page: lazy(() => import('./catalog/ProductPage')), menu: false },
  { path: 'catalog/categories', label: 'core.nav.categories', roles: ['ADMIN'], page: lazy(() => import('./catalog/CategoriesPage')), icon: AccountTreeIcon },
  { path: 'catalog/manufacturers', label: 'core.nav.manufacturers', roles: ['ADMIN'], page: lazy(() => import('./catalog/ManufacturersPage')), icon: FactoryIcon },
  { path: 'catalog/stores', label: 'core.nav.stores', roles: ['ADMIN'], page: lazy(() => import('./catalog/StoresPage')), icon: StoreIcon },
  { path: 'users', label: 'core.nav.users', roles: ['ADMIN'], page: lazy(() => import('./people/UsersPage')), icon: PeopleIcon },
  { path: 'organizations', label: 'core.nav.organizations', roles: ['ADMIN'], page: lazy(() => import('./people/OrganizationsPage')), icon: BusinessIcon },
  { path: 'integrations', label: 'core.nav.integrations', roles: ['ADMIN', 'PARTNER'], page: lazy(() => import('./integrations/IntegrationsPage')), icon: ApiIcon },
  { path: 'audit', label: 'core.nav.audit', roles: ['ADMIN'], page: lazy(() => import('./audit/AuditLogPage')), icon: HistoryIcon },
  { path: 'notifications', label: 'core.nav.notifications', roles: ['ADMIN', 'MANUFACTURER', 'LOGISTICS', 'PARTNER'], page: lazy(() => import('./notifications/NotificationsPage')), icon: NotificationsIcon },
];
