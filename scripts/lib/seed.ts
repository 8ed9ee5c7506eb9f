/** Seeds demo data: catalog in EU (CN gets it through sync), identities and stock per region. */
import { createPool } from '@miw/db';
import { seedAuth } from '@miw/subgraph-auth/seed';
import { seedCatalog } from '@miw/subgraph-catalog/seed';
import { seedInventory } from '@miw/subgraph-inventory/seed';
import { catalog, inventory, organizations, users } from './seed-data';
import { supplyChain } from './seed-supply';
import { MASTER_REGION } from '@miw/contracts';

export async function seedRegions(dbs: { eu: string; cn: string }): Promise<string> {
  const counts: string[] = [];
  for (const region of ['eu', 'cn'] as const) {
    const pool = createPool({ url: dbs[region], max: 2, name: 'seed' });
    try {
      const auth = await seedAuth(pool, { organizations, users });
      const cat = region === MASTER_REGION ? await seedCatalog(pool, catalog) : 0;
      const inv = await seedInventory(pool, { levels: inventory[region], organizations, ...supplyChain[region] });
      counts.push(`${region}: ${auth} identities, ${cat} catalog entities, ${inv} inventory rows`);
    } finally {
      await pool.end();
    }
  }
  return counts.join('; ');
}
