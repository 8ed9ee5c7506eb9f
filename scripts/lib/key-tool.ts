/**
 * The production key tool behind `npm run keys` (see scripts/keys.ts and docs/operations.md):
 * init, rotate (staged: the new key signs only from its activation time), retire and status of
 * the access-token key set file. Works in any NODE_ENV; the file is written atomically, mode 0600.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ACCESS_TOKEN_TTL_SECONDS, keyStates, loadKeySet, newPrivateJwk, type StoredKey } from '@miw/auth';

export interface ToolResult {
  code: number;
  message: string;
}

/** Durations as operators write them: 90s, 15m, 1h, 2d. */
function parseDuration(text: string): number | null {
  const match = /^(\d+)(s|m|h|d)$/.exec(text.trim());
  if (!match) return null;
  return Number(match[1]) * { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 }[match[2] as 's' | 'm' | 'h' | 'd'];
}

/** Default publish delay: above the services' reload interval (60 s) plus the JWKS cache (5 min), with room for a slow deploy. */
const DEFAULT_PUBLISH_DELAY = '1h';
const USAGE = 'usage: npm run keys -- <init|rotate|retire|status> --file <keys.json> [--publish-delay 1h] [--token-lifetime 15m]';

const readKeys = (file: string): { keys: StoredKey[] } => JSON.parse(readFileSync(file, 'utf8')) as { keys: StoredKey[] };

async function writeKeys(file: string, set: { keys: StoredKey[] }): Promise<void> {
  await loadKeySet(set); // never write a file the services could not load
  mkdirSync(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, `${JSON.stringify(set, null, 2)}\n`, { mode: 0o600 });
  // Rename is atomic: a service reloading meanwhile reads the old file or the new one, never half of one.
  renameSync(temp, file);
}

const describe = (keys: StoredKey[], now: number, lifetimeMs: number) =>
  keyStates(keys, now, lifetimeMs)
    .map((k) => `  ${k.kid}  ${k.state.padEnd(9)}  ${k.activatesAt ? `active from ${k.activatesAt}` : 'active (no activation time)'}`)
    .join('\n');

export async function runKeyTool(argv: string[], now: Date = new Date()): Promise<ToolResult> {
  const [command, ...rest] = argv;
  const options = new Map<string, string>();
  for (let i = 0; i < rest.length; i += 2) {
    if (!rest[i]!.startsWith('--') || rest[i + 1] === undefined) return { code: 64, message: USAGE };
    options.set(rest[i]!.slice(2), rest[i + 1]!);
  }
  const file = options.get('file');
  if (!file || !command) return { code: 64, message: USAGE };
  const lifetimeMs = parseDuration(options.get('token-lifetime') ?? `${ACCESS_TOKEN_TTL_SECONDS}s`);
  const delayMs = parseDuration(options.get('publish-delay') ?? DEFAULT_PUBLISH_DELAY);
  if (lifetimeMs === null || delayMs === null) return { code: 64, message: `durations are written like 90s, 15m, 1h, 2d\n${USAGE}` };
  const t = now.getTime();

  switch (command) {
    case 'init': {
      if (existsSync(file)) return { code: 2, message: `${file} exists already; use rotate` };
      const key = { ...(await newPrivateJwk(kidAt(now))), activatesAt: now.toISOString() };
      await writeKeys(file, { keys: [key] });
      return { code: 0, message: `created ${file} with key ${key.kid}, signing now` };
    }
    case 'rotate': {
      const set = readKeys(file);
      const pending = keyStates(set.keys, t, lifetimeMs).filter((k) => k.state === 'pending');
      if (pending.length) return { code: 2, message: `key ${pending[0]!.kid} is still waiting for its activation (${pending[0]!.activatesAt}); rotate after it` };
      const activatesAt = new Date(t + delayMs);
      const key = { ...(await newPrivateJwk(kidAt(now))), activatesAt: activatesAt.toISOString() };
      await writeKeys(file, { keys: [...set.keys, key] });
      return { code: 0, message: `added key ${key.kid}: published now, signs from ${activatesAt.toISOString()}\n${describe([...set.keys, key], t, lifetimeMs)}` };
    }
    case 'retire': {
      const set = readKeys(file);
      const retirable = new Set(keyStates(set.keys, t, lifetimeMs).filter((k) => k.state === 'retirable').map((k) => k.kid));
      if (retirable.size === 0) return { code: 0, message: `nothing to retire\n${describe(set.keys, t, lifetimeMs)}` };
      const keys = set.keys.filter((k) => !retirable.has(k.kid!));
      await writeKeys(file, { keys });
      return { code: 0, message: `retired ${[...retirable].join(', ')}\n${describe(keys, t, lifetimeMs)}` };
    }
    case 'status':
      return { code: 0, message: describe(readKeys(file).keys, t, lifetimeMs) };
    default:
      return { code: 64, message: USAGE };
  }
}

/** Key ids that sort by creation and say when the key was made. */
const kidAt = (now: Date) => `k${now.toISOString().slice(0, 19).replace(/[-:T]/g, '')}${Math.random().toString(36).slice(2, 6)}`;
