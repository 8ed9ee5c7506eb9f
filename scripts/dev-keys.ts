/**
 * npm run keys:dev [-- --rotate]: the development access-token key set in .data/keys/auth-keys.json
 * (created if missing). --rotate appends a new signing key; tokens signed by older keys stay valid.
 * Production keys are managed outside the repository and passed with AUTH_KEYS_FILE.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ensureDevKeySetFile, newPrivateJwk } from '@miw/auth';
import { REPO_ROOT } from '@miw/local-infra';

async function main() {
  if (process.env.NODE_ENV === 'production') throw new Error('refusing to write development keys with NODE_ENV=production');
  const file = path.join(REPO_ROOT, '.data', 'keys', 'auth-keys.json');
  await ensureDevKeySetFile(file);
  if (process.argv.includes('--rotate')) {
    const set = JSON.parse(readFileSync(file, 'utf8')) as { keys: object[] };
    set.keys.push(await newPrivateJwk());
    writeFileSync(file, `${JSON.stringify(set, null, 2)}\n`, { mode: 0o600 });
  }
  const kids = (JSON.parse(readFileSync(file, 'utf8')) as { keys: { kid: string }[] }).keys.map((k) => k.kid);
  process.stdout.write(`${path.relative(REPO_ROOT, file)}: keys ${kids.join(', ')} (the last one signs)\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`keys:dev failed: ${(error as Error).message}\n`);
  process.exit(1);
});
