import { lazy } from 'react';
import Inventory2 from '@mui/icons-material/Inventory2';
import LocalShipping from '@mui/icons-material/LocalShipping';
import PostAdd from '@mui/icons-material/PostAdd';
import ReceiptLong from '@mui/icons-material/ReceiptLong';
import type { Section } from '../sections';

const inventory = lazy(() => import('./inventory/InventoryPage'));

/**
 * Sections of the supply area: inventory, stock requests, shipments, orders. One section per path:
 * the pages adapt to the role (the shell registers one route per section).
 */
export const supplySections: Section[] = [
  { path: 'inventory', label: 'supply.nav.inventory', roles: ['ADMIN', 'PARTNER'], page: inventory, icon: Inventory2 },
  { path: 'inventory/:storeId', label: 'supply.nav.inventory', roles: ['ADMIN', 'PARTNER'], page: inventory, menu: false },
  { path: 'stock-requests', label: 'supply.nav.stockRequests', roles: ['ADMIN', 'PARTNER', 'MANUFACTURER'], page: lazy(() => import('./stock-requests/StockRequestsPage')), icon: PostAdd },
  { path: 'stock-requests/:id', label: 'supply.nav.stockRequests', roles: ['ADMIN', 'PARTNER', 'MANUFACTURER'], page: lazy(() => import('./stock-requests/StockRequestDetailPage')), menu: false },
  { path: 'shipments', label: 'supply.nav.shipments', roles: ['ADMIN', 'LOGISTICS', 'PARTNER', 'MANUFACTURER'], page: lazy(() => import('./shipments/ShipmentsPage')), icon: LocalShipping },
  { path: 'shipments/:shipmentId', label: 'supply.nav.shipments', roles: ['ADMIN', 'LOGISTICS', 'PARTNER', 'MANUFACTURER'], page: lazy(() => import('./shipments/ShipmentDetailPage')), menu: false },
  { path: 'orders', label: 'supply.nav.orders', roles: ['ADMIN', 'PARTNER', 'MANUFACTURER'], page: lazy(() => import('./orders/OrdersPage')), icon: ReceiptLong },
  { path: 'orders/:orderId', label: 'supply.nav.orders', roles: ['ADMIN', 'PARTNER'], page: lazy(() => import('./orders/OrderDetailPage')), menu: false },
];
