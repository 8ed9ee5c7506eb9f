/** What the catalog writes to its outbox parses with the catalog contracts, every column kept. */
import { categoryEvents, manufacturerEvents, parseEnvelope, productEvents, storeEvents, type OutboxMessage } from '@miw/contracts';
import type { Category, Manufacturer, Product, Store } from '../data/db';
import { categoryEvent, manufacturerEvent, productEvent, storeEvent } from './catalog-events';

const created = new Date('2026-11-21T09:00:00.000Z');
const updated = new Date('2026-11-21T10:00:00.000Z');
const version = { originRegion: 'eu' as const, createdAt: created, updatedAt: updated, deletedAt: null };
const iso = { originRegion: 'eu', createdAt: created.toISOString(), updatedAt: updated.toISOString(), deletedAt: null };

const product: Product = {
  id: '2b1f4a52-9a57-4c1e-8f0e-1f5d8b6c7a10',
  sku: 'TEA-1',
  name: 'Green tea',
  description: 'Loose leaves',
  priceAmount: 1299,
  currency: 'EUR',
  attributes: { grams: 100, origin: { country: 'CN' } },
  images: ['https://img.example/tea.jpg'],
  status: 'DRAFT',
  manufacturerId: '7c0e5f3e-0a43-4e5b-9d8c-55b0a1f6d2e1',
  categoryId: null,
  ...version,
};
const manufacturer: Manufacturer = { id: '7c0e5f3e-0a43-4e5b-9d8c-55b0a1f6d2e1', name: 'Tea Co', organizationId: null, country: 'CN', ...version };
const category: Category = { id: '0f4a3c9e-5a8b-4f2c-9d1e-6b7a8c9d0e1f', name: 'Tea', slug: 'tea', parentId: '1f4a3c9e-5a8b-4f2c-9d1e-6b7a8c9d0e1f', ...version };
const store: Store = {
  id: '4d2e6f80-1b3c-4d5e-8f70-9a1b2c3d4e5f',
  code: 'EU-BER-1',
  name: 'Berlin',
  region: 'eu',
  address: { line1: 'Main St 1', line2: null, city: 'Berlin', postalCode: '10115', country: 'DE' },
  partnerOrganizationId: null,
  latitude: null,
  longitude: null,
  ...version,
  deletedAt: updated,
};

/** The envelope as a consumer reads it from Kafka. */
const received = (message: OutboxMessage) => parseEnvelope(JSON.stringify(message.envelope));

describe('catalog outbox events', () => {
  it('writes each entity as its full snapshot, with dates as ISO strings, on its contract topic', () => {
    const product1 = productEvent('created', product, 'corr-1');
    expect(product1).toMatchObject({ topic: 'eu.catalog.product.v1', key: product.id, type: 'catalog.product.created' });
    expect(product1.envelope).toMatchObject({ entity: 'Product', entityId: product.id, originRegion: 'eu', entityUpdatedAt: updated.toISOString(), correlationId: 'corr-1' });
    expect(productEvents.parse(received(product1)).payload).toEqual({ ...product, ...iso });

    const manufacturer1 = manufacturerEvent('updated', manufacturer, 'corr-2');
    expect(manufacturer1).toMatchObject({ topic: 'eu.catalog.manufacturer.v1', type: 'catalog.manufacturer.updated' });
    expect(manufacturerEvents.parse(received(manufacturer1)).payload).toEqual({ ...manufacturer, ...iso });

    const category1 = categoryEvent('created', category, 'corr-3');
    expect(category1).toMatchObject({ topic: 'eu.catalog.category.v1', type: 'catalog.category.created' });
    expect(categoryEvents.parse(received(category1)).payload).toEqual({ ...category, ...iso });

    const store1 = storeEvent('deleted', store, 'corr-4');
    expect(store1).toMatchObject({ topic: 'eu.catalog.store.v1', type: 'catalog.store.deleted' });
    expect(storeEvents.parse(received(store1)).payload).toEqual({ ...store, ...iso, deletedAt: updated.toISOString() });
  });

  it('carries exactly the columns of each row (no more, no fewer)', () => {
    const keys = (message: OutboxMessage) => Object.keys(message.envelope.payload as object).sort();
    expect(keys(productEvent('created', product, 'c'))).toEqual(Object.keys(product).sort());
    expect(keys(manufacturerEvent('created', manufacturer, 'c'))).toEqual(Object.keys(manufacturer).sort());
    expect(keys(categoryEvent('created', category, 'c'))).toEqual(Object.keys(category).sort());
    expect(keys(storeEvent('created', store, 'c'))).toEqual(Object.keys(store).sort());
  });
});
