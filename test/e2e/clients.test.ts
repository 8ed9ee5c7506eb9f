/**
 * The web clients in a real browser (Chromium from the system package, driven by playwright-core)
 * against the whole dual-region system started as `npm start` starts it, clients included: the
 * admin panel and the shopper app are built and served by the start script, every person signs in
 * with a code read from the development mailbox, and nothing is reloaded to see a live change.
 *
 * The steps of each app live beside this file (clients/admin-core.ts, admin-supply.ts, mobile.ts);
 * this file tells the stories across apps and people. Each page visited is audited with axe (no
 * serious or critical violation) and the main screens are photographed in light and dark
 * (test/e2e/.artifacts/screenshots; SCREENSHOTS=docs refreshes the README's docs/screenshots).
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { accessTokenFor, createTestDatabase, graphql, waitFor, type TestDatabase } from '@miw/testing';
import { ORG, users } from '../../scripts/lib/seed-data';
import * as core from './clients/admin-core';
import * as supply from './clients/admin-supply';
import { audit, launchBrowser, personPage, screenshotDir, shoot, type AxeFinding, type Device } from './clients/browser';
import { loginCodeReader } from './clients/mailbox';
import * as shop from './clients/mobile';
import { ROOT, startSystem, type RunningSystem } from './support/system';

const STORE = { berlin: '5707e000-0000-4000-8000-000000000001', shanghai: '5707e000-0000-4000-8000-000000000002' };
const LONGJING = 'Longjing green tea, 100 g';
/** Created in EU by the admin through the panel, priced in yuan, sold in Shanghai. */
const OOLONG = { sku: 'E2E-UI-OOLONG', name: 'Osmanthus oolong, 50 g', price: '88.00', currency: 'CNY' };
const PEOPLE = {
  admin: 'admin@madeinworld.dev',
  maker: 'maker@teaworks.dev',
  carrier: 'dispatch@swift3pl.dev',
  berlin: 'partner@berlingoods.dev',
  shanghai: 'partner@shanghaimart.dev',
  shopper: 'shopper@example.com',
} as const;

jest.setTimeout(process.env.CI ? 600_000 : 240_000);

describe('the web clients in Chromium, against the whole system', () => {
  let eu: TestDatabase;
  let cn: TestDatabase;
  let system: RunningSystem;
  let browser: Browser;
  let adminUrl: string;
  let shopUrl: string;
  let loginCode: (email: string, since: number) => Promise<string>;
  const contexts: BrowserContext[] = [];
  const findings: AxeFinding[] = [];
  const shots = screenshotDir(ROOT);
  const mailbox = mkdtempSync(path.join(os.tmpdir(), 'miw-e2e-clients-mail-'));
  /** Signed-in panel pages, one per person (each its own browser context), made on first use. */
  const panels = new Map<string, Page>();
  /** The product the admin creates (ids are the same in both regions). */
  let oolongId: string;

  beforeAll(async () => {
    [eu, cn] = await Promise.all([createTestDatabase('clientseu'), createTestDatabase('clientscn')]);
    system = await startSystem({
      dbs: { eu, cn },
      topicTag: 'clients',
      extraEnv: { CLIENTS: 'true', MAILBOX_DIR: mailbox },
      portEnv: (b: number) => ({ ADMIN_PORT: String(b + 95), SHOP_PORT: String(b + 96), MAIL_SINK_SMTP_PORT: String(b + 97), MAIL_SINK_HTTP_PORT: String(b + 98) }),
      // The first start on a fresh clone builds both apps (a few tens of seconds) before `ready:`.
      readyTimeoutMs: 360_000,
    });
    adminUrl = `http://localhost:${system.base + 95}`;
    shopUrl = `http://localhost:${system.base + 96}`;
    loginCode = loginCodeReader(`http://127.0.0.1:${system.base + 98}`);
    browser = await launchBrowser();
  }, 420_000);

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    await system?.stop(5_000);
    await eu?.drop();
    await cn?.drop();
  });

  const open = async (device: Device, opts: Parameters<typeof personPage>[2] = {}): Promise<Page> => {
    const { context, page } = await personPage(browser, device, opts);
    contexts.push(context);
    return page;
  };

  /** The panel signed in as `email` (desktop), reused across the stories. */
  const panel = async (email: string): Promise<Page> => {
    const known = panels.get(email);
    if (known) return known;
    const page = await open('desktop');
    const since = Date.now();
    await core.signIn(page, adminUrl, email, () => loginCode(email, since));
    panels.set(email, page);
    return page;
  };

  /** The shopper app on a phone, signed in as the shopper. */
  const phone = async (opts: Parameters<typeof personPage>[2] = {}): Promise<Page> => {
    const page = await open('mobile', opts);
    await shop.openShop(page, shopUrl);
    const since = Date.now();
    await shop.signIn(page, PEOPLE.shopper, () => loginCode(PEOPLE.shopper, since));
    return page;
  };

  const check = async (page: Page, name: string) => findings.push(...(await audit(page, name)));

  /** A light and a dark screenshot of what the page shows now (the panel's toggle; the app follows the system scheme). */
  const photograph = async (page: Page, name: string, device: Device) => {
    await shoot(page, shots, `${name}-${device}-light`);
    if (device === 'desktop') await page.getByTestId('theme-toggle').click();
    else await page.emulateMedia({ colorScheme: 'dark' });
    await page.waitForTimeout(300);
    await shoot(page, shots, `${name}-${device}-dark`);
    if (device === 'desktop') await page.getByTestId('theme-toggle').click();
    else await page.emulateMedia({ colorScheme: 'light' });
  };

  it('serves both apps beside the gateways and names them in the ready line', async () => {
    const ready = system.output.find((l) => l.startsWith('ready:'))!;
    expect(ready).toContain(`admin ${adminUrl}`);
    expect(ready).toContain(`shop ${shopUrl}`);
    for (const url of [adminUrl, shopUrl]) {
      const config = (await (await fetch(`${url}/config.json`)).json()) as { endpoints: Record<string, string> };
      expect(config.endpoints).toEqual({ eu: system.euGateway, cn: system.cnGateway });
      const page = await fetch(`${url}/some/deep/link`);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    }
  });

  it('admin creates a product in EU; the CN panel shows it read-only and the CN shop finds it', async () => {
    const admin = await panel(PEOPLE.admin);
    await check(admin, 'admin dashboard');
    await photograph(admin, 'admin-dashboard', 'desktop');
    const { name } = OOLONG;
    oolongId = await core.createProduct(admin, OOLONG);
    await check(admin, 'product form');
    await core.switchRegion(admin, 'cn');
    expect(await core.findProduct(admin, name, 30_000)).toBe(true);
    expect(await core.productIsReadOnly(admin, name)).toBe(true);
    await check(admin, 'product in CN (read-only)');
    await photograph(admin, 'admin-product-cn-read-only', 'desktop');
    await core.switchRegion(admin, 'eu');

    const visitor = await open('mobile');
    await shop.openShop(visitor, shopUrl);
    await shop.chooseStore(visitor, 'Shanghai');
    const found = await waitFor(async () => ((await shop.search(visitor, 'osmanthus')).some((n) => n.includes('Osmanthus')) ? true : undefined), { timeoutMs: 30_000, intervalMs: 1_000, what: 'the new product in the CN shop' });
    expect(found).toBe(true);
  });

  it('a stock request travels from partner to admin, manufacturer and 3PL; the partner sees the shipment move live and reports a discrepancy', async () => {
    const partner = await panel(PEOPLE.berlin);
    const admin = await panel(PEOPLE.admin);
    const maker = await panel(PEOPLE.maker);
    const carrier = await panel(PEOPLE.carrier);

    const requestId = await supply.createStockRequest(partner, { productName: LONGJING, quantity: 12, storeId: STORE.berlin, note: 'Before the weekend' });
    await check(partner, 'stock request');
    await supply.approveStockRequest(admin, requestId);
    const shipmentId = await supply.openShipmentForRequest(maker, requestId);
    await supply.assignCarrier(admin, shipmentId, 'Swift 3PL');

    // The partner watches the shipment page from here on: no reload.
    await supply.openShipment(partner, shipmentId);
    await supply.waitForShipmentStatus(partner, 'CREATED');
    for (const status of ['PICKED_UP', 'IN_TRANSIT', 'OUT_FOR_DELIVERY', 'DELIVERED'] as const) {
      await supply.advanceShipment(carrier, shipmentId, { status, location: status === 'DELIVERED' ? 'Berlin' : 'Leipzig hub', note: `E2E ${status}` });
      await supply.waitForShipmentStatus(partner, status, 10_000);
    }
    await check(carrier, 'shipment (3PL)');
    await photograph(partner, 'admin-shipment-live', 'desktop');

    expect(await supply.verifyShipment(partner, shipmentId, [10])).toEqual([-2]);
    await check(partner, 'shipment verified');
    const short = shipmentId.slice(0, 8).toUpperCase();
    await expect(core.waitForNotification(admin, short)).resolves.toContain(short);
    await expect(core.waitForNotification(maker, short)).resolves.toContain(short);
  });

  it('a shopper on a phone checks out with the test card; the partner confirms; the order screen turns CONFIRMED without reload', async () => {
    const shopper = await phone();
    await shop.chooseStore(shopper, 'Berlin');
    await check(shopper, 'shop home');
    await photograph(shopper, 'shop-home', 'mobile');
    expect(await shop.search(shopper, 'longjng')).toContain(LONGJING);
    await check(shopper, 'shop search');
    await photograph(shopper, 'shop-search', 'mobile');
    await shop.openProduct(shopper, 'Longjing');
    await check(shopper, 'shop product');
    await photograph(shopper, 'shop-product', 'mobile');
    await shop.addToCart(shopper);
    expect((await shop.cartContents(shopper)).names).toEqual([LONGJING]);
    await check(shopper, 'shop cart');
    await photograph(shopper, 'shop-cart', 'mobile');
    const orderId = await shop.checkoutWithTestCard(shopper);
    await shop.waitForOrderStatus(shopper, 'PLACED');
    await check(shopper, 'shop order');

    await supply.confirmOrder(await panel(PEOPLE.berlin), orderId);
    await shop.waitForOrderStatus(shopper, 'CONFIRMED', 15_000);
    await photograph(shopper, 'shop-order-confirmed', 'mobile');
  });

  it('the same purchase in Chinese: Chinese labels and CNY prices in the CN region', async () => {
    // The Shanghai store receives the yuan-priced tea the admin created (its stock is set up through the API).
    const wang = users.find((u) => u.email === PEOPLE.shanghai)!;
    const token = await accessTokenFor({ kind: 'user', userId: wang.id, role: 'PARTNER', organizationId: ORG.shanghaiMart, region: 'cn', scopes: [] });
    const received = await graphql<{ adjustInventory: { errors: unknown[] } }>(
      system.cnGateway,
      `mutation($i: AdjustInventoryInput!) { adjustInventory(input: $i) { errors { code } } }`,
      { i: { storeId: STORE.shanghai, productId: oolongId, delta: 20, reason: 'RECEIVED' } },
      { authorization: `Bearer ${token}` },
    );
    expect(received.data?.adjustInventory.errors).toEqual([]);

    const shopper = await phone({ locale: 'zh-CN' });
    await shop.setLanguage(shopper, 'zh-CN');
    await shop.chooseStore(shopper, 'Shanghai');
    expect(await shop.search(shopper, 'osmantus')).toContain(OOLONG.name);
    await shop.openProduct(shopper, OOLONG.name);
    expect(await shopper.getByTestId('product-price').first().innerText()).toMatch(/¥\s?88\.00/);
    expect(await shopper.getByTestId('tab-cart').innerText()).toMatch(/[\u4e00-\u9fff]/);
    await check(shopper, 'shop product (zh-CN)');
    await shop.addToCart(shopper);
    const orderId = await shop.checkoutWithTestCard(shopper);
    await shop.waitForOrderStatus(shopper, 'PLACED');
    expect(await shop.orderStatus(shopper)).toMatch(/[\u4e00-\u9fff]/);

    const partner = await panel(PEOPLE.shanghai);
    await core.switchRegion(partner, 'cn');
    await supply.confirmOrder(partner, orderId);
    await shop.waitForOrderStatus(shopper, 'CONFIRMED', 15_000);
    await photograph(shopper, 'shop-order-zh', 'mobile');
  });

  it('each role sees only its menu and its data; another store is not allowed', async () => {
    const menus = Object.fromEntries(await Promise.all((['admin', 'maker', 'carrier', 'berlin'] as const).map(async (who) => [who, await core.menuPaths(await panel(PEOPLE[who]))] as const)));
    expect(menus.admin).toEqual(expect.arrayContaining(['dashboard', 'catalog/products', 'users', 'stock-requests', 'shipments', 'orders', 'audit']));
    expect(menus.berlin).toEqual(expect.arrayContaining(['inventory', 'stock-requests', 'shipments', 'orders', 'integrations']));
    for (const [who, paths] of Object.entries(menus)) if (who !== 'admin') expect({ who, adminOnly: paths.filter((p) => ['dashboard', 'users', 'audit'].includes(p)) }).toEqual({ who, adminOnly: [] });
    expect(menus.carrier).not.toContain('inventory');
    expect(menus.maker).not.toContain('integrations');

    const partner = await panel(PEOPLE.berlin);
    expect(await supply.openInventory(partner, STORE.shanghai)).toBe(true);
    expect(await supply.openInventory(partner, STORE.berlin)).toBe(false);
    await check(partner, 'inventory (partner)');
    await photograph(partner, 'admin-inventory', 'desktop');
    await partner.goto(`${adminUrl}/users`);
    await partner.getByTestId('not-allowed').waitFor();
    // The panel in Chinese: the menu and the store's stock speak it.
    await supply.openInventory(partner, STORE.berlin);
    await core.setLanguage(partner, 'zh-CN');
    expect(await partner.getByTestId('nav-inventory').innerText()).toMatch(/[\u4e00-\u9fff]/);
    await photograph(partner, 'admin-inventory-zh', 'desktop');
    await core.setLanguage(partner, 'en');
  });

  it('every main page of the panel passes axe for each role', async () => {
    for (const who of ['admin', 'maker', 'carrier', 'berlin'] as const) {
      const page = await panel(PEOPLE[who]);
      for (const p of await core.menuPaths(page)) {
        await page.goto(`${adminUrl}/${p}`);
        await page.locator('h1').first().waitFor();
        await page.waitForLoadState('networkidle');
        await check(page, `${who}: /${p}`);
      }
    }
    expect(findings).toEqual([]);
  });
});
