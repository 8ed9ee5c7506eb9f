/** prisma.config for one domain (read by the Prisma CLI only). */
import path from 'node:path';
import { defineConfig } from 'prisma/config';
import { PgMigrateAdapterFactory } from './migrate-adapter';

export function domainConfig(domain: string) {
  return defineConfig({
    experimental: { adapter: true },
    engine: 'js',
    schema: path.join(__dirname, domain, 'schema.prisma'),
    migrations: { path: path.join(__dirname, domain, 'migrations') },
    async adapter() {
      const url = process.env.DATABASE_URL;
      if (!url) throw new Error('DATABASE_URL is not set (any scratch database on the server will do)');
      return new PgMigrateAdapterFactory(url);
    },
  });
}
