/**
 * The partner CLI as a partner runs it: a child process with an API key created through the API,
 * against a gateway over real auth, catalog and inventory subgraphs (PostgreSQL + Kafka, the
 * shipment event travelling outbox -> Kafka -> live source -> gateway -> graphql-ws). Webhook
 * deliveries are signed by notify's own sender, so the CLI's check cannot drift from it.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import { type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { UserViewer } from '@miw/auth';
import { seedAuth } from '@miw/subgraph-auth/seed';
import { accessTokenFor, graphql, waitFor } from '@miw/testing';
import { startStack, type Stack } from '../../../gateway/test/support/stack';
import { ORG, organizations, PRODUCT, STORE, users } from '../../../scripts/lib/seed-data';
import { postWebhook } from '../../../subgraphs/notify/src/webhooks/http';

const ROOT = path.resolve(__dirname, '../../..');
// The installed bin (`npx miw-partner`), which runs src/cli.ts through tsx.
const BIN = path.join(ROOT, 'node_modules/.bin/miw-partner');

const seededUser = (email: string): UserViewer => {
  const user = users.find((u) => u.email === email)!;
  return { kind: 'user', userId: user.id, role: user.role, organizationId: user.organizationId ?? null, region: 'eu', scopes: [] };
};

/** A running CLI: its output lines as they arrive, with their arrival time. */
interface CliProcess {
  child: ChildProcessWithoutNullStreams;
  stdout: { line: string; at: number }[];
  stderr: string[];
  exited: Promise<number | null>;
}

function startCli(args: string[], env: Record<string, string>, stdin?: string): CliProcess {
  // Without jest's NODE_OPTIONS (vm modules): the CLI runs as a partner would run it.
  const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env } });
  const cli: CliProcess = { child, stdout: [], stderr: [], exited: new Promise((resolve) => child.on('exit', (code) => resolve(code))) };
  const lines = (stream: NodeJS.ReadableStream, push: (line: string) => void) => {
    let rest = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      const parts = (rest + chunk).split('\n');
      rest = parts.pop()!;
      parts.forEach(push);
    });
  };
  lines(child.stdout, (line) => cli.stdout.push({ line, at: performance.now() }));
  lines(child.stderr, (line) => cli.stderr.push(line));
  child.stdin.end(stdin);
  return cli;
}

describe('miw-partner', () => {
  let stack: Stack;
  const running: CliProcess[] = [];
  let tmp: string;
  const as = { admin: seededUser('admin@madeinworld.dev'), maker: seededUser('maker@teaworks.dev'), carrier: seededUser('dispatch@swift3pl.dev'), partner: seededUser('partner@berlingoods.dev') };

  const call = async <T>(who: UserViewer, query: string, variables: Record<string, unknown>): Promise<T> => {
    const res = await graphql<Record<string, T & { errors: unknown[] }>>(stack.gateways[0]!.url, query, variables, { authorization: `Bearer ${await accessTokenFor(who)}` });
    expect(res.errors).toBeUndefined();
    const payload = Object.values(res.data!)[0]!;
    expect(payload.errors).toEqual([]);
    return payload;
  };

  /** A shipment to the Berlin store, carried by Swift 3PL, through the supply-chain mutations. */
  const newShipment = async (): Promise<string> => {
    const { stockRequest } = await call<{ stockRequest: { id: string } }>(as.partner, `mutation($input: CreateStockRequestInput!) { createStockRequest(input: $input) { stockRequest { id } errors { code } } }`, {
      input: { storeId: STORE.berlin, items: [{ productId: PRODUCT.longjing, quantity: 12 }] },
    });
    await call(as.admin, `mutation($input: ApproveStockRequestInput!) { approveStockRequest(input: $input) { errors { code } } }`, { input: { id: stockRequest.id } });
    await call(as.maker, `mutation($input: AcknowledgeStockRequestInput!) { acknowledgeStockRequest(input: $input) { errors { code } } }`, { input: { id: stockRequest.id } });
    const { shipment } = await call<{ shipment: { id: string } }>(as.maker, `mutation($input: CreateShipmentInput!) { createShipment(input: $input) { shipment { id } errors { code } } }`, {
      input: { stockRequestId: stockRequest.id, logisticsOrganizationId: ORG.swiftLogistics },
    });
    return shipment.id;
  };

  beforeAll(async () => {
    stack = await startStack('partnercli', { withAuth: true });
    // The development seed's organizations and users (Berlin Goods, Swift 3PL, Tea Works, the admin).
    await seedAuth(stack.auth!.pool, { organizations, users });
    const teaWorks = randomUUID();
    await stack.seedCatalog({
      manufacturers: [{ id: teaWorks, organizationId: ORG.teaWorks }],
      products: [{ id: PRODUCT.longjing, sku: 'TEA-LONGJING-100', name: 'Longjing green tea, 100 g', manufacturerId: teaWorks }],
      stores: [{ id: STORE.berlin, code: 'EU-BER-01', partnerOrganizationId: ORG.berlinGoods }],
    });
    await stack.seedOrganizations([{ id: ORG.swiftLogistics, kind: 'LOGISTICS' }]);
    tmp = await mkdtemp(path.join(tmpdir(), 'miw-partner-'));
  });
  afterAll(async () => {
    for (const cli of running) cli.child.kill('SIGKILL');
    await stack?.close();
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  it('The partner CLI receives a shipment event within a second of the mutation', async () => {
    const shipmentId = await newShipment();
    const { key } = await call<{ key: string }>(as.partner, `mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { key errors { code } } }`, { input: { name: 'partner CLI test', scopes: ['read'] } });

    const before = stack.listening();
    const cli = startCli(['watch', 'shipments'], { MIW_API_KEY: key, MIW_ENDPOINT: stack.gateways[0]!.url });
    running.push(cli);
    await waitFor(() => cli.stderr.includes('miw-partner: connected'), { what: 'the CLI connected', timeoutMs: 20_000 });
    // Subscribed: the inventory subgraph serves one more upstream stream.
    await waitFor(() => stack.listening() > before, { what: "the CLI's subscription upstream" });

    await call(as.carrier, `mutation($input: RecordTrackingEventInput!) { recordTrackingEvent(input: $input) { errors { code } } }`, {
      input: { shipmentId, idempotencyKey: randomUUID(), status: 'PICKED_UP', location: 'Hangzhou' },
    });
    const answeredAt = performance.now();
    const event = await waitFor(() => cli.stdout.find((l) => l.line.includes('PICKED_UP')), { what: 'the shipment event on stdout' });
    expect(event.at - answeredAt).toBeLessThan(1000);

    const parsed = JSON.parse(event.line) as { type: string; receivedAt: string; data: { id: string; status: string; store: { id: string }; items: { quantity: number; product: { sku: string } }[]; trackingEvents: { location: string }[] } };
    expect(parsed.type).toBe('shipment');
    expect(Number.isNaN(Date.parse(parsed.receivedAt))).toBe(false);
    expect(parsed.data).toMatchObject({ id: shipmentId, status: 'PICKED_UP', store: { id: STORE.berlin }, items: [{ quantity: 12, product: { sku: 'TEA-LONGJING-100' } }], trackingEvents: [{ location: 'Hangzhou' }] });
    // Every stdout line is one JSON event; diagnostics stay on stderr.
    for (const { line } of cli.stdout) expect(() => JSON.parse(line) as unknown).not.toThrow();

    cli.child.kill('SIGINT');
    expect(await cli.exited).toBe(0);
    expect(cli.stderr).toContain('miw-partner: stopping');
  });

  it('a bad API key ends the watch with exit status 1 and says why', async () => {
    const cli = startCli(['watch', 'shipments'], { MIW_API_KEY: `miw_${randomBytes(30).toString('base64url')}`, MIW_ENDPOINT: stack.gateways[0]!.url });
    running.push(cli);
    expect(await cli.exited).toBe(1);
    expect(cli.stdout).toEqual([]);
    expect(cli.stderr.join('\n')).toMatch(/the stream failed: UNAUTHENTICATED.*check the API key/);
  });

  it('bad arguments: usage on stderr, exit status 2', async () => {
    const cli = startCli(['watch', 'inventory'], { MIW_API_KEY: 'miw_x' });
    expect(await cli.exited).toBe(2);
    expect(cli.stderr.join('\n')).toContain('watch inventory needs --store ID');
    expect(cli.stderr.join('\n')).toContain('Usage:');
  });

  describe('webhooks verify', () => {
    const secret = `whsec_${randomBytes(24).toString('base64')}`;

    /** A delivery as notify sends it, captured by a local endpoint, in the saved-delivery format. */
    const captureDelivery = async (): Promise<{ headers: Record<string, string>; body: string }> => {
      let received: { headers: IncomingHttpHeaders; body: string } | undefined;
      const server = createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', () => {
          received = { headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
          res.writeHead(204).end();
        });
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      try {
        const body = JSON.stringify({ type: 'shipment.updated', timestamp: new Date().toISOString(), data: { shipmentId: randomUUID(), status: 'DELIVERED', note: 'Zustellung an Lager 3 – 送达' } });
        const result = await postWebhook({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, messageId: `msg_${randomUUID()}`, body, secret, timeoutMs: 5_000, allowPrivate: true });
        expect(result.status).toBe(204);
      } finally {
        server.close();
      }
      const { headers, body } = received!;
      return { headers: { 'webhook-id': String(headers['webhook-id']), 'webhook-timestamp': String(headers['webhook-timestamp']), 'webhook-signature': String(headers['webhook-signature']) }, body };
    };

    it('accepts a genuine delivery from a file and from stdin, and rejects a tampered one', async () => {
      const delivery = await captureDelivery();
      const file = path.join(tmp, 'delivery.json');
      await writeFile(file, JSON.stringify(delivery));

      const genuine = startCli(['webhooks', 'verify', '--file', file], { MIW_WEBHOOK_SECRET: secret });
      expect(await genuine.exited).toBe(0);
      expect(genuine.stdout.map((l) => l.line)).toEqual([expect.stringMatching(new RegExp(`^valid: delivery ${delivery.headers['webhook-id']}`))]);

      const piped = startCli(['webhooks', 'verify'], { MIW_WEBHOOK_SECRET: secret }, JSON.stringify(delivery));
      expect(await piped.exited).toBe(0);

      const tamperedFile = path.join(tmp, 'tampered.json');
      await writeFile(tamperedFile, JSON.stringify({ ...delivery, body: delivery.body.replace('DELIVERED', 'CANCELLED') }));
      const tampered = startCli(['webhooks', 'verify', '--file', tamperedFile], { MIW_WEBHOOK_SECRET: secret });
      expect(await tampered.exited).toBe(1);
      expect(tampered.stdout.map((l) => l.line)).toEqual(['invalid: signature_mismatch: no signature matches the secret']);

      const otherSecret = startCli(['webhooks', 'verify', '--file', file], { MIW_WEBHOOK_SECRET: `whsec_${randomBytes(24).toString('base64')}` });
      expect(await otherSecret.exited).toBe(1);
    });
  });
});
