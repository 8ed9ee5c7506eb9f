/**
 * The command line of `miw-partner`, parsed without side effects (tested on its own): what to run,
 * or a message for a usage error (exit 2).
 */
import { parseArgs } from 'node:util';

type WatchStream = 'shipments' | 'inventory' | 'orders';

export type CliCommand =
  | { kind: 'help'; text: string }
  | { kind: 'watch'; stream: WatchStream; storeId: string | null; endpoint: string; apiKey: string }
  | { kind: 'verify'; file: string; secrets: string[]; toleranceSeconds: number };

export type ParsedArgs = { ok: true; command: CliCommand; warnings: string[] } | { ok: false; message: string };

/** The EU gateway of the development system (`npm start`). */
export const DEFAULT_ENDPOINT = 'http://localhost:4000/graphql';

export const USAGE = `miw-partner: live MadeInWorld events as JSON lines, and webhook signature checks.

Usage:
  miw-partner watch shipments                 every change of the shipments you may see
  miw-partner watch inventory --store ID      every stock level change of a store you run
  miw-partner watch orders --store ID         new and changed orders of a store you run
  miw-partner webhooks verify [--file FILE]   check a saved webhook delivery's signature

Watch options:
  --endpoint URL     the gateway's GraphQL URL (or MIW_ENDPOINT); default ${DEFAULT_ENDPOINT}
                     (the EU development gateway)
  --api-key KEY      an API key (prefer MIW_API_KEY: arguments are visible to other users)
  --store ID         the store (a UUID), for inventory and orders

  Each event is one JSON object on stdout: {"type","receivedAt","data"}; connection status goes
  to stderr. Ctrl-C stops. Exit status: 0 stopped, 1 the stream failed (e.g. key refused), 2 usage.

Webhook options:
  --file FILE        the saved delivery (default or "-": stdin): {"headers": {"webhook-id",
                     "webhook-timestamp", "webhook-signature"}, "body": "<raw body>"}
                     ("bodyBase64" instead of "body" for bytes that are not UTF-8 text)
  --secret SECRET    the endpoint's whsec_ secret (or MIW_WEBHOOK_SECRET); repeat it, or
                     separate with commas in the variable, to accept old and new during a rotation
  --tolerance SECS   largest timestamp distance accepted (default 300)
  --ignore-timestamp check the signature only (a delivery saved long ago)

  Exit status: 0 valid, 1 invalid (the reason is printed), 2 usage or unreadable file.

  -h, --help         this text
`;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const STREAMS: readonly WatchStream[] = ['shipments', 'inventory', 'orders'];

const OPTIONS = {
  endpoint: { type: 'string' },
  'api-key': { type: 'string' },
  store: { type: 'string' },
  file: { type: 'string' },
  secret: { type: 'string', multiple: true },
  tolerance: { type: 'string' },
  'ignore-timestamp': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true; strict: true }>>['values'];

const fail = (message: string): ParsedArgs => ({ ok: false, message });

/** Options given that the command does not take. */
function unexpected(values: Values, allowed: readonly (keyof Values)[]): string | null {
  const extra = (Object.keys(values) as (keyof Values)[]).filter((k) => values[k] !== undefined && k !== 'help' && !allowed.includes(k));
  return extra.length > 0 ? extra.map((k) => `--${k}`).join(', ') : null;
}

function parseEndpoint(raw: string): string | { error: string } {
  try {
    const url = new URL(raw);
    if (!['http:', 'https:', 'ws:', 'wss:'].includes(url.protocol)) return { error: `the endpoint must be an http(s) or ws(s) URL, not ${url.protocol}` };
    return url.toString();
  } catch {
    return { error: `the endpoint is not a URL: ${raw}` };
  }
}

function parseWatch(positionals: string[], values: Values, env: NodeJS.ProcessEnv): ParsedArgs {
  const [stream, ...rest] = positionals;
  if (!stream) return fail(`watch what? One of: ${STREAMS.join(', ')}`);
  if (!STREAMS.includes(stream as WatchStream)) return fail(`unknown stream "${stream}": one of ${STREAMS.join(', ')}`);
  if (rest.length > 0) return fail(`unexpected argument "${rest[0]}"`);
  const extra = unexpected(values, stream === 'shipments' ? ['endpoint', 'api-key'] : ['endpoint', 'api-key', 'store']);
  if (extra) return fail(`watch ${stream} does not take ${extra}`);
  let storeId: string | null = null;
  if (stream !== 'shipments') {
    if (!values.store) return fail(`watch ${stream} needs --store ID`);
    if (!UUID.test(values.store)) return fail(`--store must be a store id (a UUID), not "${values.store}"`);
    storeId = values.store.toLowerCase();
  }
  const endpoint = parseEndpoint(values.endpoint ?? (env.MIW_ENDPOINT || DEFAULT_ENDPOINT));
  if (typeof endpoint !== 'string') return fail(endpoint.error);
  const apiKey = values['api-key'] ?? env.MIW_API_KEY;
  if (!apiKey) return fail('no API key: set MIW_API_KEY (or pass --api-key KEY)');
  const warnings = values['api-key'] ? ['--api-key is visible to other users of this machine (ps); prefer MIW_API_KEY'] : [];
  return { ok: true, command: { kind: 'watch', stream: stream as WatchStream, storeId, endpoint, apiKey }, warnings };
}

function parseVerify(positionals: string[], values: Values, env: NodeJS.ProcessEnv): ParsedArgs {
  const [action, ...rest] = positionals;
  if (action !== 'verify') return fail(action ? `unknown webhooks command "${action}": try "webhooks verify"` : 'webhooks what? Try "webhooks verify --file FILE"');
  if (rest.length > 0) return fail(`unexpected argument "${rest[0]}"`);
  const extra = unexpected(values, ['file', 'secret', 'tolerance', 'ignore-timestamp']);
  if (extra) return fail(`webhooks verify does not take ${extra}`);
  const secrets = (values.secret ?? env.MIW_WEBHOOK_SECRET?.split(',') ?? []).map((s) => s.trim()).filter(Boolean);
  if (secrets.length === 0) return fail('no secret: set MIW_WEBHOOK_SECRET (or pass --secret whsec_...)');
  if (values.tolerance !== undefined && values['ignore-timestamp']) return fail('--tolerance and --ignore-timestamp exclude each other');
  let toleranceSeconds = 300;
  if (values['ignore-timestamp']) toleranceSeconds = Infinity;
  else if (values.tolerance !== undefined) {
    if (!/^\d+$/.test(values.tolerance)) return fail(`--tolerance must be a number of seconds, not "${values.tolerance}"`);
    toleranceSeconds = Number(values.tolerance);
  }
  const warnings = values.secret ? ['--secret is visible to other users of this machine (ps); prefer MIW_WEBHOOK_SECRET'] : [];
  // No --file (or `--file -`): the delivery comes on stdin.
  return { ok: true, command: { kind: 'verify', file: values.file ?? '-', secrets, toleranceSeconds }, warnings };
}

export function parseCliArgs(argv: readonly string[], env: NodeJS.ProcessEnv): ParsedArgs {
  let parsed: { values: Values; positionals: string[] };
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    // util.parseArgs explains unknown options and missing values well; keep its first sentence.
    return fail((error instanceof Error ? error.message : String(error)).split('. ')[0]!.replace(/\.$/, ''));
  }
  const { values, positionals } = parsed;
  const [command, ...rest] = positionals;
  if (values.help || command === 'help' || command === undefined) {
    return command === undefined && !values.help ? fail('no command given') : { ok: true, command: { kind: 'help', text: USAGE }, warnings: [] };
  }
  if (command === 'watch') return parseWatch(rest, values, env);
  if (command === 'webhooks') return parseVerify(rest, values, env);
  return fail(`unknown command "${command}"`);
}
