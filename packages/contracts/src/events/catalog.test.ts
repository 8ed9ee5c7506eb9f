import { parseEnvelope } from '../envelope';
import { InvalidEventError, type EventContract, type OutboxMessage } from '../contract';
import { CATALOG_CONTRACTS, categoryEvents, manufacturerEvents, productEvents, storeEvents, type CategoryPayload, type ManufacturerPayload, type ProductPayload, type StorePayload } from './catalog';

const at = new Date('2026-11-21T10:00:00.000Z');
const stamp = at.toISOString();
const row = { originRegion: 'eu' as const, createdAt: stamp, updatedAt: stamp, deletedAt: null };

const product: ProductPayload = {
  id: '2b1f4a52-9a57-4c1e-8f0e-1f5d8b6c7a10',
  sku: 'SKU-1',
  name: 'Chair',
  description: '',
  priceAmount: 4_999,
  currency: 'EUR',
  attributes: { colour: 'oak' },
  images: ['https://img.example/chair.jpg'],
  status: 'ACTIVE',
  manufacturerId: '7c0e5f3e-0a43-4e5b-9d8c-55b0a1f6d2e1',
  categoryId: null,
  ...row,
};
const manufacturer: ManufacturerPayload = { id: '7c0e5f3e-0a43-4e5b-9d8c-55b0a1f6d2e1', name: 'Oak & Co', organizationId: null, country: 'DE', ...row };
const category: CategoryPayload = { id: '0f4a3c9e-5a8b-4f2c-9d1e-6b7a8c9d0e1f', name: 'Chairs', slug: 'chairs', parentId: null, ...row };
const store: StorePayload = {
  id: '4d2e6f80-1b3c-4d5e-8f70-9a1b2c3d4e5f',
  code: 'EU-1',
  name: 'Berlin',
  region: 'eu',
  address: { line1: 'Main St 1', city: 'Berlin', postalCode: '10115', country: 'DE' },
  partnerOrganizationId: null,
  latitude: 52.52,
  longitude: 13.405,
  ...row,
  deletedAt: stamp,
};

/** The message as a consumer reads it: through the outbox's JSON and the envelope check. */
const received = (message: OutboxMessage) => parseEnvelope(JSON.stringify(message.envelope));

type Payload = { id: string; [key: string]: unknown };

const cases: [string, EventContract, Payload][] = [
  ['product', productEvents, product],
  ['manufacturer', manufacturerEvents, manufacturer],
  ['category', categoryEvents, category],
  ['store', storeEvents, store],
];

const messageOf = (contract: EventContract, payload: Payload, verb = 'updated') =>
  contract.message(verb, { entityId: payload.id, originRegion: 'eu', entityUpdatedAt: at, correlationId: 'contract-test', payload });

describe('catalog event contracts', () => {
  it('names the four topics and envelope types as before', () => {
    expect(CATALOG_CONTRACTS.map((c) => c.topic('eu'))).toEqual(['eu.catalog.product.v1', 'eu.catalog.manufacturer.v1', 'eu.catalog.category.v1', 'eu.catalog.store.v1']);
    expect(storeEvents.topic('cn', 'test.x.')).toBe('test.x.cn.catalog.store.v1');
    expect(productEvents.type('deleted')).toBe('catalog.product.deleted');
    expect(CATALOG_CONTRACTS.map((c) => c.name)).toEqual(['catalog.product.v1', 'catalog.manufacturer.v1', 'catalog.category.v1', 'catalog.store.v1']);
  });

  it.each(cases)('a %s message parses with its whole payload', (_name, contract, payload) => {
    for (const verb of ['created', 'updated', 'deleted']) {
      const message = messageOf(contract, payload, verb);
      expect(message).toMatchObject({ topic: contract.topic('eu'), key: payload.id, type: contract.type(verb) });
      expect(contract.parse(received(message)).payload).toEqual(payload);
    }
  });

  it.each(cases)('a %s payload missing a required field is refused', (_name, contract, payload) => {
    const { updatedAt: _dropped, ...rest } = payload;
    expect(() => contract.parse(received(messageOf(contract, rest)))).toThrow(InvalidEventError);
    expect(() => contract.parse(received(messageOf(contract, rest)))).toThrow('updatedAt');
  });

  it('refuses a wrong type, a null required value, another topic type and another entity', () => {
    expect(() => productEvents.parse(received(messageOf(productEvents, { ...product, priceAmount: '4999' })))).toThrow(/priceAmount/);
    expect(() => storeEvents.parse(received(messageOf(storeEvents, { ...store, address: null })))).toThrow(/address/);
    expect(() => manufacturerEvents.parse(received(messageOf(manufacturerEvents, { ...manufacturer, id: 'm1' })))).toThrow(InvalidEventError);
    expect(() => productEvents.parse(received(messageOf(categoryEvents, category)))).toThrow(/not an event type/);
    expect(() => productEvents.parse({ ...received(messageOf(productEvents, product)), entity: 'Store' })).toThrow(/entity Store/);
  });

  it('reads older products without images, drops unknown keys and keeps unknown address keys', () => {
    const { images: _images, ...old } = product;
    expect(productEvents.parse(received(messageOf(productEvents, { ...old, searchVector: 'x' }))).payload).toEqual(old);
    const withFloor = { ...store, address: { ...store.address, floor: '2' } };
    expect(storeEvents.parse(received(messageOf(storeEvents, withFloor))).payload.address).toEqual(withFloor.address);
  });
});
