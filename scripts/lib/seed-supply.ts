/** Demo supply chain: stock requests and shipments per region (fixed ids, idempotent seeding). */
import type { InventorySeed } from '@miw/subgraph-inventory/seed';
import { ORG, PRODUCT, STORE } from './seed-data';
import type { RegionCode } from '@miw/contracts';

const supplyId = (kind: number, n: number) => `5c${String(kind).padStart(2, '0')}0000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const STOCK_REQUEST = { berlinRestock: supplyId(1, 1), berlinOolong: supplyId(1, 2) };
export const SHIPMENT = { berlinRestock: supplyId(2, 1) };

/**
 * The supply chain of the demo (stock levels are `inventory` in seed-data.ts): in EU one shipped
 * request whose shipment is in transit with Swift 3PL (to track and verify) and one request
 * waiting for an admin's approval; nothing in CN yet.
 */
export const supplyChain: Record<RegionCode, Omit<InventorySeed, 'levels'>> = {
  eu: {
    stockRequests: [
      {
        id: STOCK_REQUEST.berlinRestock,
        storeId: STORE.berlin,
        status: 'SHIPPED',
        note: 'Autumn restock',
        items: [
          [supplyId(3, 1), PRODUCT.longjing, 30, 24],
          [supplyId(3, 2), PRODUCT.oolong, 20, 20],
        ],
      },
      { id: STOCK_REQUEST.berlinOolong, storeId: STORE.berlin, status: 'REQUESTED', note: 'Oolong is running low', items: [[supplyId(3, 3), PRODUCT.oolong, 12, null]] },
    ],
    shipments: [
      {
        id: SHIPMENT.berlinRestock,
        stockRequestId: STOCK_REQUEST.berlinRestock,
        storeId: STORE.berlin,
        logisticsOrganizationId: ORG.swiftLogistics,
        status: 'IN_TRANSIT',
        items: [
          [supplyId(4, 1), PRODUCT.longjing, 24],
          [supplyId(4, 2), PRODUCT.oolong, 20],
        ],
        tracking: [
          [supplyId(5, 1), 'PICKED_UP', 'Hangzhou', 30],
          [supplyId(5, 2), 'IN_TRANSIT', 'Frankfurt', 6],
        ],
      },
    ],
  },
  cn: {},
};
