import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

const ROOT = path.resolve(__dirname, '..', '..');
const SUBGRAPHS = ['auth', 'catalog', 'inventory', 'orders', 'notify'];

interface ComposeService {
  build?: { args?: { SERVICE?: string } };
  command?: string[];
  environment?: Record<string, string>;
}

describe('docker-compose.yml', () => {
  const compose = parse(readFileSync(path.join(ROOT, 'docker-compose.yml'), 'utf8'), { merge: true }) as { services: Record<string, ComposeService> };
  const services = compose.services;

  it('has the topology of npm start: two databases, Kafka, five subgraphs and a gateway per region, the sync worker', () => {
    const expected = ['postgres-eu', 'postgres-cn', 'kafka', 'migrate', 'sync-worker', 'eu-gateway', 'cn-gateway', ...['eu', 'cn'].flatMap((r) => SUBGRAPHS.map((s) => `${r}-${s}`))];
    expect(Object.keys(services).sort()).toEqual(expected.sort());
  });

  it('builds every service from code that exists', () => {
    for (const [name, service] of Object.entries(services)) {
      const folder = service.build?.args?.SERVICE;
      if (!folder) continue;
      const entry = service.command ? service.command.join(' ').match(/(scripts\/[\w-]+\.ts)/)?.[1] : `${folder}/src/main.ts`;
      expect({ name, entry, exists: Boolean(entry && existsSync(path.join(ROOT, entry))) }).toEqual({ name, entry, exists: true });
    }
  });

  it('gives each regional service its own region and database', () => {
    for (const r of ['eu', 'cn']) {
      for (const s of SUBGRAPHS) {
        const env = services[`${r}-${s}`]!.environment!;
        expect(env.REGION).toBe(r);
        expect(env.DATABASE_URL).toContain(`postgres-${r}:5432/madeinworld_${r}`);
      }
    }
  });

  const docker = spawnSync('docker', ['compose', 'version'], { encoding: 'utf8' });
  (docker.status === 0 ? it : it.skip)('is valid for docker compose (docker compose config -q)', () => {
    const res = spawnSync('docker', ['compose', '-f', path.join(ROOT, 'docker-compose.yml'), 'config', '-q'], { encoding: 'utf8' });
    expect(res.stderr).toBe('');
    expect(res.status).toBe(0);
  });
});
