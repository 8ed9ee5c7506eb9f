/**
 * End to end, in production mode: the whole system started as `npm start` starts it with
 * NODE_ENV=production, real secrets, a key set made by the key tool and every email going over
 * SMTP to a sink. An operator creates the first admin with `npm run admin:create`, the admin signs
 * in with the emailed code, creates an organization and invites a person, who signs in with the
 * code mailed to them; deactivating the organization then closes the invitee's open socket.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import WebSocket from 'ws';
import { startMailSink, type MailSink, type SinkMessage } from '@miw/local-infra';
import { createTestDatabase, graphql, readTestInfra, testTopicPrefix, waitFor, type TestDatabase } from '@miw/testing';
import { freeBase } from './support/ports';

const ROOT = path.resolve(__dirname, '..', '..');
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');
const ADMIN = 'ops@madeinworld.example';
const INVITEE = 'clerk@berlin.example';

/** The six-digit code of the newest login-code mail to `to` received after `since` messages. */
const codeIn = (m: SinkMessage) => /\b(\d{6})\b/.exec(m.text)?.[1];

describe('production access: first admin, login by email, organization, invitation', () => {
  let eu: TestDatabase;
  let cn: TestDatabase;
  let sink: MailSink;
  let system: ChildProcess;
  let exited: Promise<number | null>;
  let base: number;
  const output: string[] = [];
  const work = mkdtempSync(path.join(os.tmpdir(), 'miw-prod-'));
  const keysFile = path.join(work, 'auth-keys.json');
  const gateway = () => `http://127.0.0.1:${base}/graphql`;

  beforeAll(async () => {
    [eu, cn] = await Promise.all([createTestDatabase('prodeu'), createTestDatabase('prodcn')]);
    sink = await startMailSink({ dir: path.join(work, 'mail'), smtpPort: 0, httpPort: 0 });
    const production = { ...process.env, NODE_OPTIONS: '', NODE_ENV: 'production' };
    const keys = spawnSync(TSX, ['scripts/keys.ts', 'init', '--file', keysFile], { cwd: ROOT, env: production, encoding: 'utf8' });
    expect({ status: keys.status, stderr: keys.stderr }).toEqual({ status: 0, stderr: '' });
    const admin = spawnSync(TSX, ['scripts/admin-create.ts', '--email', ADMIN, '--region', 'eu', '--name', 'Ops'], { cwd: ROOT, env: { ...production, DATABASE_URL: eu.url }, encoding: 'utf8' });
    expect({ status: admin.status, stderr: admin.stderr }).toEqual({ status: 0, stderr: '' });
    expect(admin.stdout).toContain(`created admin ${ADMIN}`);
    const again = spawnSync(TSX, ['scripts/admin-create.ts', '--email', 'other@madeinworld.example', '--region', 'eu'], { cwd: ROOT, env: { ...production, DATABASE_URL: eu.url }, encoding: 'utf8' });
    expect(again.status).toBe(2);

    base = await freeBase();
    const secret = () => randomBytes(32).toString('base64url');
    system = spawn(TSX, ['scripts/start.ts'], {
      cwd: ROOT,
      env: {
        ...production,
        PG_URL_EU: eu.url,
        PG_URL_CN: cn.url,
        KAFKA_BROKERS: readTestInfra().kafkaBrokers.join(','),
        KAFKA_TOPIC_PREFIX: testTopicPrefix('prod'),
        EU_PORT_BASE: String(base),
        CN_PORT_BASE: String(base + 50),
        SYNC_WORKER_PORT: String(base + 99),
        LOG_LEVEL: 'warn',
        LOG_FORMAT: 'json',
        AUTH_KEYS_FILE: keysFile,
        SMTP_URL: sink.smtpUrl,
        INTERNAL_TOKEN_SECRET: secret(),
        LOGIN_CODE_SECRET: secret(),
        LOGIN_CODE_SEAL_SECRET: secret(),
        API_KEY_SECRET: secret(),
        CLIENTS: 'false',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    exited = new Promise((resolve) => system.once('exit', (code) => resolve(code)));
    for (const stream of [system.stdout!, system.stderr!]) readline.createInterface({ input: stream }).on('line', (l) => output.push(l));
    const ready = waitFor(() => output.some((l) => l.startsWith('ready:')), { timeoutMs: 200_000, intervalMs: 250, what: 'the ready line' });
    const died = exited.then((code) => Promise.reject(new Error(`npm start exited with code ${code} before ready`)));
    died.catch(() => undefined);
    await Promise.race([ready, died]).catch((error: Error) => {
      throw new Error(`${error.message}\n--- output ---\n${output.slice(-60).join('\n')}`);
    });
  }, 300_000);

  afterAll(async () => {
    if (system && system.exitCode === null) {
      system.kill('SIGINT');
      let grace: NodeJS.Timeout | undefined;
      await Promise.race([exited, new Promise((r) => (grace = setTimeout(r, 20_000)))]);
      clearTimeout(grace);
      if (system.exitCode === null) system.kill('SIGKILL');
    }
    await sink?.close();
    await eu?.drop();
    await cn?.drop();
  });

  /** Requests a login code through the gateway and signs in with the one the mail brings. */
  async function signIn(email: string): Promise<{ accessToken: string; user: { id: string; role: string; organization: { id: string } | null } }> {
    const before = (await sink.messages()).length;
    const requested = await graphql(gateway(), `mutation($e: String!) { requestLoginCode(input: { email: $e }) { expiresInSeconds } }`, { e: email });
    expect(requested.errors).toBeUndefined();
    const mail = await waitFor(async () => (await sink.messages()).slice(before).find((m) => m.to.includes(email) && codeIn(m)), { timeoutMs: 60_000, what: `the login code mail to ${email}` }).catch((error: Error) => {
      throw new Error(`${error.message}\n--- output ---\n${output.slice(-40).join('\n')}`);
    });
    const verified = await graphql<{ verifyLoginCode: { accessToken: string; user: { id: string; role: string; organization: { id: string } | null }; errors: unknown[] } }>(
      gateway(),
      `mutation($e: String!, $c: String!) { verifyLoginCode(input: { email: $e, code: $c }) { accessToken user { id role organization { id } } errors { code message } } }`,
      { e: email, c: codeIn(mail) },
    );
    expect(verified.data?.verifyLoginCode.errors).toEqual([]);
    return verified.data!.verifyLoginCode;
  }

  it('lets the first admin in by email, and the person they invite', async () => {
    const admin = await signIn(ADMIN);
    expect(admin.user.role).toBe('ADMIN');
    const asAdmin = { authorization: `Bearer ${admin.accessToken}` };

    const org = await graphql<{ createOrganization: { organization: { id: string } } }>(gateway(), `mutation { createOrganization(input: { name: "Berlin Goods", kind: PARTNER }) { organization { id } errors { code } } }`, undefined, asAdmin);
    const orgId = org.data!.createOrganization.organization.id;
    const invited = await graphql<{ inviteToOrganization: { invitation: { id: string; status: string } | null; errors: unknown[] } }>(
      gateway(),
      `mutation($i: InviteToOrganizationInput!) { inviteToOrganization(input: $i) { invitation { id status } errors { code message } } }`,
      { i: { organizationId: orgId, email: INVITEE, role: 'PARTNER', name: 'Clerk' } },
      asAdmin,
    );
    expect(invited.data!.inviteToOrganization).toMatchObject({ invitation: { status: 'PENDING' }, errors: [] });
    const invitation = await waitFor(async () => (await sink.messages()).find((m) => m.to.includes(INVITEE) && m.subject.includes('Berlin Goods')), { timeoutMs: 60_000, what: 'the invitation mail' });
    expect(invitation.text).toContain('Ops invited you');

    const clerk = await signIn(INVITEE);
    expect(clerk.user).toMatchObject({ role: 'PARTNER', organization: { id: orgId } });
    const audit = await graphql<{ auditLog: { edges: { node: { action: string; actorKind: string } }[] } }>(gateway(), `{ auditLog(first: 50) { edges { node { action actorKind } } } }`, undefined, asAdmin);
    expect(audit.data!.auditLog.edges.map((e) => e.node.action).reverse()).toEqual(['admin.create', 'organization.create', 'user.create', 'invitation.create', 'invitation.accept']);

    // Deactivating the organization ends the invitee's access at once: the open socket closes.
    const socket = new WebSocket(gateway().replace(/^http/, 'ws'), 'graphql-transport-ws');
    const closed = new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)));
    const acked = new Promise<void>((resolve) => socket.on('message', (data) => String(data).includes('connection_ack') && resolve()));
    socket.on('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${clerk.accessToken}` } })));
    await acked;
    const deactivated = await graphql<{ deactivateOrganization: { errors: unknown[] } }>(gateway(), `mutation($id: ID!) { deactivateOrganization(id: $id) { errors { code } } }`, { id: orgId }, asAdmin);
    expect(deactivated.data!.deactivateOrganization.errors).toEqual([]);
    await expect(closed).resolves.toBe(4403);
    const refused = await graphql(gateway(), `{ me { id } }`, undefined, { authorization: `Bearer ${clerk.accessToken}` });
    expect(refused.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  }, 240_000);
});
