/**
 * `miw-partner`: prints live events as JSON lines (stdout) with the connection's status on
 * stderr, and checks saved webhook deliveries. See USAGE in ./args and the README.
 */
import { readFile } from 'node:fs/promises';
import { once } from 'node:events';
import { text as readAll } from 'node:stream/consumers';
import { parseCliArgs, USAGE, type CliCommand } from './args';
import { createPartnerClient } from './client';
import { PartnerApiError } from './errors';
import { type PartnerStatus } from './status';
import { type LiveStream } from './stream';
import { verifyWebhookSignature } from './webhooks';

export interface CliIo {
  /** Where `webhooks verify` reads a delivery without --file. */
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  env: NodeJS.ProcessEnv;
  /** Where SIGINT/SIGTERM arrive (the process; a test may pass an emitter). */
  signals: NodeJS.EventEmitter;
}

const EVENT_TYPE = { shipments: 'shipment', inventory: 'inventory_level', orders: 'order' } as const;

const say = (io: CliIo, line: string) => io.stderr.write(`miw-partner: ${line}\n`);

/** One status line per connection change; the reconnect line says what a reader must do. */
function statusLine(status: PartnerStatus): string | null {
  switch (status.type) {
    case 'connecting':
      return status.retry ? 'reconnecting' : 'connecting';
    case 'connected':
      return status.reconnected ? 'reconnected and subscribed again; events while disconnected were not delivered: re-read the current state' : 'connected';
    case 'disconnected':
      return `disconnected${status.code === null ? '' : ` (${status.code}${status.reason ? ` ${status.reason}` : ''})`}`;
    case 'retrying':
      return `retrying in ${status.delayMs} ms (attempt ${status.attempt})`;
    case 'resubscribing':
      return `the server ended the stream (${status.reason}); subscribing again in ${status.delayMs} ms`;
    case 'partial':
      return `an event came with errors: ${status.errors.map((e) => e.message).join('; ')}`;
  }
}

/** Writes one line, waiting for the pipe to drain when its reader is slower than the events. */
async function writeLine(stream: NodeJS.WritableStream, line: string): Promise<void> {
  if (!stream.write(`${line}\n`)) await once(stream, 'drain');
}

async function watch(command: Extract<CliCommand, { kind: 'watch' }>, io: CliIo): Promise<number> {
  say(io, `watching ${command.stream}${command.storeId ? ` of store ${command.storeId}` : ''} at ${command.endpoint}`);
  const client = createPartnerClient({
    endpoint: command.endpoint,
    apiKey: command.apiKey,
    onStatus: (status) => {
      const line = statusLine(status);
      if (line) say(io, line);
    },
  });
  const stream: LiveStream<unknown> =
    command.stream === 'shipments' ? client.shipments() : command.stream === 'inventory' ? client.inventory(command.storeId!) : client.orders(command.storeId!);
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    say(io, 'stopping');
    void stream.return();
  };
  io.signals.on('SIGINT', stop);
  io.signals.on('SIGTERM', stop);
  // A closed pipe (`miw-partner watch ... | head`) ends the watch quietly.
  io.stdout.on('error', stop);
  try {
    for await (const data of stream) {
      await writeLine(io.stdout, JSON.stringify({ type: EVENT_TYPE[command.stream], receivedAt: new Date().toISOString(), data }));
    }
    return 0;
  } catch (error) {
    if (error instanceof PartnerApiError) {
      const hint = error.closeCode === 4403 || error.codes.includes('UNAUTHENTICATED') ? ' (check the API key: MIW_API_KEY)' : '';
      say(io, `the stream failed: ${error.codes.join(', ')}: ${error.message}${hint}`);
      return 1;
    }
    throw error;
  } finally {
    io.signals.off('SIGINT', stop);
    io.signals.off('SIGTERM', stop);
    io.stdout.off('error', stop);
    await client.close();
  }
}

/** The saved delivery: `{ headers, body }` or `{ headers, bodyBase64 }`. */
function readDelivery(text: string): { headers: Record<string, string>; body: string | Uint8Array } | string {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return 'the file is not JSON';
  }
  if (typeof value !== 'object' || value === null) return 'the file must hold a JSON object';
  const { headers, body, bodyBase64 } = value as Record<string, unknown>;
  if (typeof headers !== 'object' || headers === null || Object.values(headers).some((v) => typeof v !== 'string')) return '"headers" must be an object of strings';
  if (typeof body === 'string') return { headers: headers as Record<string, string>, body };
  if (typeof bodyBase64 === 'string') return { headers: headers as Record<string, string>, body: Buffer.from(bodyBase64, 'base64') };
  return 'the file needs "body" (the raw body as a string) or "bodyBase64"';
}

async function verify(command: Extract<CliCommand, { kind: 'verify' }>, io: CliIo): Promise<number> {
  let text: string;
  const fromStdin = command.file === '-';
  const source = fromStdin ? 'stdin' : command.file;
  if (fromStdin && io.stdin.isTTY) {
    say(io, `no delivery: pass --file FILE or pipe it on stdin\n\n${USAGE}`);
    return 2;
  }
  try {
    text = fromStdin ? await readAll(io.stdin) : await readFile(command.file, 'utf8');
  } catch (error) {
    say(io, `cannot read ${source}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
    return 2;
  }
  const delivery = readDelivery(text);
  if (typeof delivery === 'string') {
    say(io, `${source}: ${delivery}`);
    return 2;
  }
  const result = verifyWebhookSignature({ ...delivery, secret: command.secrets, toleranceSeconds: command.toleranceSeconds });
  if (result.ok) {
    await writeLine(io.stdout, `valid: delivery ${result.id}, signed at ${result.timestamp.toISOString()}`);
    return 0;
  }
  await writeLine(io.stdout, `invalid: ${result.reason}: ${result.message}`);
  return 1;
}

/** Runs the command line; answers the exit status. */
export async function run(argv: readonly string[], io: CliIo = { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env, signals: process }): Promise<number> {
  const parsed = parseCliArgs(argv, io.env);
  if (!parsed.ok) {
    say(io, `${parsed.message}\n\n${USAGE}`);
    return 2;
  }
  for (const warning of parsed.warnings) say(io, `warning: ${warning}`);
  const { command } = parsed;
  if (command.kind === 'help') {
    await writeLine(io.stdout, command.text.trimEnd());
    return 0;
  }
  return command.kind === 'watch' ? watch(command, io) : verify(command, io);
}

/** The process's entry: runs the command line and sets the exit status. */
export function main(): void {
  run(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`miw-partner: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}

if (require.main === module) main();
