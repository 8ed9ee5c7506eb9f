/**
 * Seeds demo data: catalog in EU (CN gets it through sync), identities and stock per region.
 * Orders need no seed of their own: the catalog seed writes its events to the outbox, the EU
 * catalog publishes them, and the orders projections of both regions (new consumer groups on the
 * EU catalog topics, read from the beginning) pick them up, as inventory's do.
 */
import { createPool } from '@miw/db';
import { seedAuth } from '@miw/subgraph-auth/seed';
import { seedCatalog } from '@miw/subgraph-catalog/seed';
import { seedInventory } from '@miw/subgraph-inventory/seed';
import { catalog, inventory, organizations, shelfStock, users } from './seed-data';
import { supplyChain } from './seed-supply';
import { MASTER_REGION } from '@miw/contracts';

/** Loads the demo data into both regional databases (idempotent: a second run writes nothing); returns what it wrote, per region. */
export async function seedRegions(dbs: { eu: string; cn: string }): Promise<string> {
  const counts: string[] = [];
  for (const region of ['eu', 'cn'] as const) {
    const pool = createPool({ url: dbs[region], max: 2, name: 'seed' });
    try {
      // One region publishes the identities' snapshots: both regions' projections read both regions' topics.
      const auth = await seedAuth(pool, { organizations, users }, MASTER_REGION, { publish: region === MASTER_REGION });
      const cat = region === MASTER_REGION ? await seedCatalog(pool, catalog) : 0;
      const inv = await seedInventory(pool, { levels: [...inventory[region], ...shelfStock[region]], organizations, ...supplyChain[region] });
      counts.push(`${region}: ${auth} identities, ${cat} catalog entities, ${inv} inventory rows`);
    } finally {
      await pool.end();
    }
  }
  return counts.join('; ');
}
