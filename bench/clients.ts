/**
 * `npm run bench:clients`: what a person waits for in the web clients.
 *   1. Bundle sizes of each app's production build (`npm start` builds them the same way): the
 *      initial JavaScript (what the HTML loads before anything else, scripts and module preloads)
 *      and all JavaScript, raw and gzip (level 9, as a server would send it).
 *   2. Time to interactive of the shopper app's home and search pages in headless Chromium, against
 *      the whole system started as `npm start` starts it (both regions, seeded, real PostgreSQL and
 *      Kafka): from navigation start (a fresh browser context: empty HTTP cache and storage) until
 *      the page's main control is on screen and enabled (home: the search box; search: the first
 *      result). Five cold loads per page after one warm-up; median and worst printed.
 * Targets (issue 14): mobile initial JS under 250 KB gzip; home interactive under 1.5 s.
 * Knobs: BENCH_LOADS (5), CHROMIUM_PATH (/usr/bin/chromium).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { gzipSync } from 'node:zlib';
import { chromium, type Browser } from 'playwright-core';
import { REPO_ROOT } from '@miw/local-infra';
import { ensureDatabase, withDatabase } from '@miw/db';
import pg from 'pg';
import { buildClient, CLIENT_APPS } from '../scripts/lib/clients';
import { freeBase } from '../test/e2e/support/ports';
import { runBenchmark, type Teardown } from './lib/processes';

const LOADS = Number(process.env.BENCH_LOADS ?? 5);
const say = (line: string) => void process.stdout.write(`${line}\n`);
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

interface Sizes {
  initialRaw: number;
  initialGzip: number;
  allRaw: number;
  allGzip: number;
}

/** Every .js file under `dir`. */
function jsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.js'))
    .map((e) => path.join(e.parentPath, e.name));
}

function bundleSizes(dist: string): Sizes {
  const html = readFileSync(path.join(dist, 'index.html'), 'utf8');
  // What the page fetches before it runs: its scripts and the modules it preloads.
  const initial = [...html.matchAll(/<(?:script[^>]*\ssrc|link[^>]*rel="modulepreload"[^>]*\shref)="([^"]+\.js)"/g)].map((m) => path.join(dist, m[1]!.replace(/^\//, '')));
  const size = (files: string[]) => {
    let raw = 0;
    let gzip = 0;
    for (const file of files) {
      const body = readFileSync(file);
      raw += body.length;
      gzip += gzipSync(body, { level: 9 }).length;
    }
    return { raw, gzip };
  };
  const first = size(initial);
  const all = size(jsFiles(dist));
  return { initialRaw: first.raw, initialGzip: first.gzip, allRaw: all.raw, allGzip: all.gzip };
}

/** The whole system through scripts/start.ts on two fresh databases and free ports; resolves with the shop's URL. */
async function startSystem(teardown: Teardown): Promise<{ shopUrl: string }> {
  const server = process.env.PG_URL_EU;
  const brokers = process.env.KAFKA_BROKERS;
  if (!server || !brokers) throw new Error('PG_URL_EU and KAFKA_BROKERS are needed (npm run bench provides them)');
  const run = Date.now().toString(36);
  const dbs = { eu: `miw_bench_clients_eu_${run}`, cn: `miw_bench_clients_cn_${run}` };
  for (const name of Object.values(dbs)) await ensureDatabase(server, name);
  teardown.add('dropping the databases', async () => {
    const admin = new pg.Client({ connectionString: withDatabase(server, 'postgres') });
    await admin.connect();
    try {
      for (const name of Object.values(dbs)) await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    } finally {
      await admin.end();
    }
  });
  const mailbox = mkdtempSync(path.join(os.tmpdir(), 'miw-bench-mail-'));
  teardown.add('removing the mailbox', async () => rmSync(mailbox, { recursive: true, force: true }));
  const base = await freeBase();
  const child = spawn(path.join(REPO_ROOT, 'node_modules', '.bin', 'tsx'), ['scripts/start.ts'], {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      NODE_OPTIONS: '',
      NODE_ENV: 'development',
      PG_URL_EU: withDatabase(server, dbs.eu),
      PG_URL_CN: withDatabase(server, dbs.cn),
      KAFKA_BROKERS: brokers,
      KAFKA_TOPIC_PREFIX: `bench-clients-${run}.`,
      EU_PORT_BASE: String(base),
      CN_PORT_BASE: String(base + 50),
      SYNC_WORKER_PORT: String(base + 99),
      MAIL_SINK_SMTP_PORT: String(base + 97),
      MAIL_SINK_HTTP_PORT: String(base + 98),
      MAILBOX_DIR: mailbox,
      ADMIN_PORT: String(base + 95),
      SHOP_PORT: String(base + 96),
      CLIENTS: 'true',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  teardown.add('stopping the system', async () => {
    if (child.exitCode !== null) return;
    child.kill('SIGINT');
    await exited;
  });
  const output: string[] = [];
  return new Promise((resolve, reject) => {
    for (const stream of [child.stdout, child.stderr])
      readline.createInterface({ input: stream }).on('line', (line) => {
        output.push(line);
        if (line.startsWith('ready:')) resolve({ shopUrl: `http://localhost:${base + 96}` });
      });
    void exited.then(() => reject(new Error(`npm start exited before ready:\n${output.slice(-30).join('\n')}`)));
  });
}

/** Milliseconds from navigation start until `selector` is visible and enabled, in a fresh context. */
async function interactiveMs(browser: Browser, url: string, selector: string): Promise<number> {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
  try {
    const page = await context.newPage();
    await page.goto(url, { waitUntil: 'commit' });
    const target = page.locator(selector).first();
    await target.waitFor({ state: 'visible', timeout: 30_000 });
    // Enabled and answering events: the framework has hydrated the control.
    // (An expression: this file is compiled without the DOM types.)
    await page.waitForFunction(`(() => { const el = document.querySelector(${JSON.stringify(selector)}); return !!el && !el.disabled; })()`);
    return await page.evaluate(() => performance.now());
  } finally {
    await context.close();
  }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

runBenchmark('clients', async (teardown) => {
  const sizes: Record<string, Sizes> = {};
  for (const app of CLIENT_APPS) {
    await buildClient(REPO_ROOT, app, () => undefined);
    sizes[app.name] = bundleSizes(path.join(REPO_ROOT, 'clients', app.name, 'dist'));
  }
  say('bundle sizes (production builds; gzip level 9):');
  for (const [name, s] of Object.entries(sizes)) say(`  ${name.padEnd(7)} initial JS ${kb(s.initialGzip)} gzip (${kb(s.initialRaw)} raw) · all JS ${kb(s.allGzip)} gzip (${kb(s.allRaw)} raw)`);
  const mobileOk = sizes.mobile!.initialGzip < 250 * 1024;
  say(`  target: mobile initial JS < 250 KB gzip: ${mobileOk ? 'met' : 'MISSED'}`);

  say('starting the system (npm start, both regions, clients served)...');
  const { shopUrl } = await startSystem(teardown);
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' });
  teardown.add('closing the browser', () => browser.close());
  const pages = [
    { name: 'home', url: `${shopUrl}/`, selector: '[data-testid="search-input"]' },
    { name: 'search', url: `${shopUrl}/search?q=tea`, selector: '[data-testid="product-row"]' },
  ];
  say(`time to interactive, shopper app, 390x844, ${LOADS} cold loads each (fresh context) after one warm-up:`);
  let homeOk = false;
  for (const p of pages) {
    await interactiveMs(browser, p.url, p.selector);
    const runs: number[] = [];
    for (let i = 0; i < LOADS; i++) runs.push(await interactiveMs(browser, p.url, p.selector));
    say(`  ${p.name.padEnd(7)} median ${median(runs).toFixed(0)} ms · worst ${Math.max(...runs).toFixed(0)} ms (${runs.map((r) => r.toFixed(0)).join(', ')})`);
    if (p.name === 'home') homeOk = median(runs) < 1500;
  }
  say(`  target: home interactive < 1.5 s: ${homeOk ? 'met' : 'MISSED'}`);
  return 0;
});
