/**
 * npm run --silent token -- <email>: prints a valid access token (15 minutes) for a seeded
 * development user, signed with the development key set. Refuses with NODE_ENV=production.
 *   curl -H "authorization: Bearer $(npm run --silent token -- admin@madeinworld.dev)" ...
 */
import path from 'node:path';
import { ensureDevKeySetFile, loadKeySetFile, signAccessToken } from '@miw/auth';
import { REPO_ROOT } from '@miw/local-infra';
import { users } from './lib/seed-data';

async function main() {
  if (process.env.NODE_ENV === 'production') throw new Error('refusing to mint tokens with NODE_ENV=production: log in with requestLoginCode');
  const email = process.argv[2]?.trim().toLowerCase();
  const user = users.find((u) => u.email === email);
  if (!user) throw new Error(`usage: npm run --silent token -- <email>, one of: ${users.map((u) => u.email).join(', ')}`);
  const file = process.env.AUTH_KEYS_FILE ?? path.join(REPO_ROOT, '.data', 'keys', 'auth-keys.json');
  if (!process.env.AUTH_KEYS_FILE) await ensureDevKeySetFile(file);
  const region = process.env.REGION === 'cn' ? 'cn' : 'eu';
  const { token } = await signAccessToken(await loadKeySetFile(file), { kind: 'user', userId: user.id, role: user.role, organizationId: user.organizationId ?? null, region, scopes: [] });
  process.stdout.write(`${token}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`token: ${(error as Error).message}\n`);
  process.exit(1);
});
