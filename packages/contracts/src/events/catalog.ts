/**
 * Catalog events (`catalog.<entity>.v1`): the full state of a product, manufacturer, category or
 * store after a change, written by the EU catalog in the transaction of the change. The sync
 * worker mirrors them into CN; inventory keeps projections of stores and products.
 *
 * Payload keys are the entity's columns in camelCase (as in `prisma/catalog/schema.prisma`), dates
 * as ISO strings. A nullable column is a required key whose value may be null.
 */
import { z } from 'zod';
import { defineEvent } from '../contract';
import { globalRowFields, region, uuid } from '../fields';

const verbs = ['created', 'updated', 'deleted'] as const;
/** A JSON object column (`attributes`). */
const jsonObject = z.record(z.string(), z.unknown());

const productPayload = z.object({
  id: uuid,
  sku: z.string().min(1),
  name: z.string(),
  description: z.string(),
  /** Minor units of `currency`. */
  priceAmount: z.number().int(),
  currency: z.string().length(3),
  attributes: jsonObject,
  /** Optional: events written before products had images do not carry the key. */
  images: z.array(z.string()).optional(),
  status: z.enum(['DRAFT', 'ACTIVE', 'ARCHIVED']),
  manufacturerId: uuid.nullable(),
  categoryId: uuid.nullable(),
  ...globalRowFields,
});

const manufacturerPayload = z.object({
  id: uuid,
  name: z.string(),
  /** auth.Organization id of kind MANUFACTURER. */
  organizationId: uuid.nullable(),
  country: z.string().length(2).nullable(),
  ...globalRowFields,
});

const categoryPayload = z.object({
  id: uuid,
  name: z.string(),
  slug: z.string().min(1),
  parentId: uuid.nullable(),
  ...globalRowFields,
});

/** A postal address; unknown keys are kept (the column is JSON). */
const address = z.looseObject({
  line1: z.string(),
  line2: z.string().nullish(),
  city: z.string(),
  postalCode: z.string().nullish(),
  country: z.string(),
});

const storePayload = z.object({
  id: uuid,
  code: z.string().min(1),
  name: z.string(),
  /** The region the store is in (not where the row was written). */
  region,
  address,
  /** auth.Organization id of kind PARTNER. */
  partnerOrganizationId: uuid.nullable(),
  latitude: z.number().nullable(),
  longitude: z.number().nullable(),
  ...globalRowFields,
});

export const productEvents = defineEvent({ domain: 'catalog', topic: 'product', entity: 'Product', verbs, payload: productPayload });
export const manufacturerEvents = defineEvent({ domain: 'catalog', topic: 'manufacturer', entity: 'Manufacturer', verbs, payload: manufacturerPayload });
export const categoryEvents = defineEvent({ domain: 'catalog', topic: 'category', entity: 'Category', verbs, payload: categoryPayload });
export const storeEvents = defineEvent({ domain: 'catalog', topic: 'store', entity: 'Store', verbs, payload: storePayload });

/** Every catalog contract: the topics the CN mirror consumes from EU. */
export const CATALOG_CONTRACTS = [productEvents, manufacturerEvents, categoryEvents, storeEvents] as const;

export type ProductPayload = z.infer<typeof productPayload>;
export type ManufacturerPayload = z.infer<typeof manufacturerPayload>;
export type CategoryPayload = z.infer<typeof categoryPayload>;
export type StorePayload = z.infer<typeof storePayload>;
