/**
 * Browser steps of the admin panel's supply area (inventory, stock requests, shipments, orders)
 * for the end-to-end scenarios. Each expects `page` signed in to the panel (any page of it, as the
 * role the step needs; see admin-core's `signIn`), navigates by URL on the panel's origin, drives
 * the UI through its data-testids and waits for the outcome on screen (never reloading to see it).
 */
import type { Page } from 'playwright-core';

// One UI step (a click to its visible result); a loaded CI machine running other end-to-end tests needs longer.
const STEP_MS = process.env.CI ? 45_000 : 15_000;

export type ShipmentStatus = 'CREATED' | 'PICKED_UP' | 'IN_TRANSIT' | 'OUT_FOR_DELIVERY' | 'DELIVERED' | 'EXCEPTION';

/** Opens `path` of the panel the page is on (same origin, client-side routes). */
async function open(page: Page, path: string): Promise<void> {
  await page.goto(new URL(path, page.url()).toString());
}

/** Chooses the option `option` (a locator inside the opened menu) of the MUI select `testId`. */
async function choose(page: Page, testId: string, option: (menu: ReturnType<Page['getByRole']>) => ReturnType<Page['locator']>): Promise<void> {
  await page.getByTestId(testId).click();
  const menu = page.getByRole('listbox');
  await option(menu).click();
  await menu.waitFor({ state: 'hidden', timeout: STEP_MS });
}

/**
 * Clicks the action button `testId`, then waits until its success message shows, or throws the
 * translated error on screen. A message left by an earlier action is dismissed first.
 */
async function act(page: Page, testId: string): Promise<void> {
  const success = page.getByTestId('supply-success');
  const error = page.getByTestId('error');
  if (await success.isVisible()) {
    await success.getByRole('button').click();
    await success.waitFor({ state: 'hidden', timeout: STEP_MS });
  }
  await page.getByTestId(testId).click();
  await success.or(error).first().waitFor({ timeout: STEP_MS });
  if (await error.isVisible()) throw new Error(`The panel answered: ${await error.innerText()}`);
}

/**
 * As a partner (or admin): creates a stock request of `quantity` units of the product whose name
 * contains `productName`, for `storeId` (default: the first store offered), with an optional
 * note. Answers the new request's id (its detail page is open afterwards).
 */
export async function createStockRequest(page: Page, request: { productName: string; quantity: number; storeId?: string; note?: string }): Promise<string> {
  await open(page, '/stock-requests');
  await page.getByTestId('stock-request-new').click();
  const dialog = page.getByRole('dialog');
  await choose(page, 'stock-request-store', (menu) => (request.storeId ? menu.getByTestId(`stock-request-store-${request.storeId}`) : menu.getByRole('option').first()));
  const product = dialog.getByTestId('stock-request-product');
  await product.fill(request.productName);
  await page.getByRole('option', { name: request.productName }).first().click();
  await dialog.getByTestId('stock-request-quantity').fill(String(request.quantity));
  if (request.note) await dialog.getByTestId('stock-request-note').fill(request.note);
  await dialog.getByTestId('stock-request-submit').click();
  await page.waitForURL(/\/stock-requests\/[0-9a-f-]{36}$/, { timeout: STEP_MS });
  await page.getByTestId('stock-request-detail').waitFor({ timeout: STEP_MS });
  return page.url().split('/').pop()!;
}

/** As an admin: approves request `id`, with `quantities` per line (request order) or in full. */
export async function approveStockRequest(page: Page, id: string, quantities?: number[]): Promise<void> {
  await open(page, `/stock-requests/${id}`);
  await page.getByTestId('stock-request-approve').waitFor({ timeout: STEP_MS });
  for (const [index, quantity] of (quantities ?? []).entries()) await page.getByTestId(`approve-quantity-${index}`).fill(String(quantity));
  await act(page, 'stock-request-approve');
  await waitForStatus(page, 'stock-request-status', 'APPROVED', STEP_MS);
}

/**
 * How an approved request leads to its shipment: its manufacturer acknowledges it, then the
 * manufacturer or an admin creates the shipment. Run as the manufacturer (maker@teaworks.dev for
 * the tea products) it acknowledges (when still APPROVED) and creates the shipment without a
 * carrier (an admin assigns one: `assignCarrier`); run as an admin on an ACKNOWLEDGED request, it
 * creates the shipment with the carrier named `carrierName` at once. When the shipment exists
 * already it just reads it. Answers the shipment id.
 */
export async function openShipmentForRequest(page: Page, requestId: string, options: { carrierName?: string } = {}): Promise<string> {
  await open(page, `/stock-requests/${requestId}`);
  await page.getByTestId('stock-request-detail').waitFor({ timeout: STEP_MS });
  const shipment = page.getByTestId('stock-request-shipment').first();
  const acknowledge = page.getByTestId('stock-request-acknowledge');
  const create = page.getByTestId('stock-request-create-shipment');
  await shipment.or(acknowledge).or(create).first().waitFor({ timeout: STEP_MS });
  if (await acknowledge.isVisible()) {
    await acknowledge.click();
    await waitForStatus(page, 'stock-request-status', 'ACKNOWLEDGED', STEP_MS);
  }
  if (!(await shipment.isVisible())) {
    if (options.carrierName && (await page.getByTestId('stock-request-carrier').isVisible())) await choose(page, 'stock-request-carrier', (menu) => menu.getByRole('option', { name: options.carrierName }));
    await create.click();
    await shipment.waitFor({ timeout: STEP_MS });
  }
  return (await shipment.getAttribute('data-id'))!;
}

/** As an admin: assigns shipment `shipmentId` to the logistics organization named `carrierName` (e.g. 'Swift 3PL'). */
export async function assignCarrier(page: Page, shipmentId: string, carrierName: string): Promise<void> {
  await openShipment(page, shipmentId);
  await choose(page, 'assign-carrier', (menu) => menu.getByRole('option', { name: carrierName }));
  await act(page, 'assign-submit');
}

/** Opens the detail page of shipment `shipmentId` (as anyone who may see it). */
export async function openShipment(page: Page, shipmentId: string): Promise<void> {
  await open(page, `/shipments/${shipmentId}`);
  await page.getByTestId('shipment-detail').waitFor({ timeout: STEP_MS });
}

/**
 * As its 3PL (or an admin): records a tracking update of shipment `shipmentId`; `status` moves
 * it (EXCEPTION needs `note`, the reason). Waits until the screen shows the new status.
 */
export async function advanceShipment(page: Page, shipmentId: string, update: { status?: ShipmentStatus; location?: string; note?: string }): Promise<void> {
  if (!page.url().endsWith(`/shipments/${shipmentId}`)) await openShipment(page, shipmentId);
  if (update.status) await choose(page, 'tracking-status', (menu) => menu.getByTestId(`tracking-status-${update.status}`));
  if (update.location) await page.getByTestId('tracking-location').fill(update.location);
  if (update.note) await page.getByTestId('tracking-note').fill(update.note);
  await act(page, 'tracking-submit');
  if (update.status) await waitForShipmentStatus(page, update.status, STEP_MS);
}

/** Waits (without reloading) until the open shipment page shows `status`. */
export async function waitForShipmentStatus(page: Page, status: ShipmentStatus, timeoutMs = STEP_MS): Promise<void> {
  await waitForStatus(page, 'shipment-status', status, timeoutMs);
}

/**
 * As the destination store's partner: records the received units of a DELIVERED shipment, one
 * number per line (shipment order); fewer than shipped is a discrepancy. Answers the
 * discrepancies the screen then shows, per line.
 */
export async function verifyShipment(page: Page, shipmentId: string, receivedPerLine: number[]): Promise<number[]> {
  if (!page.url().endsWith(`/shipments/${shipmentId}`)) await openShipment(page, shipmentId);
  await page.getByTestId('verify-submit').waitFor({ timeout: STEP_MS });
  for (const [index, received] of receivedPerLine.entries()) await page.getByTestId(`verify-received-${index}`).fill(String(received));
  await act(page, 'verify-submit');
  await page.getByTestId('shipment-verified').waitFor({ timeout: STEP_MS });
  return Promise.all(receivedPerLine.map(async (_r, index) => Number(await page.getByTestId(`shipment-discrepancy-${index}`).innerText())));
}

/** As the store's partner (or an admin): confirms PLACED order `orderId` and waits for CONFIRMED on screen. */
export async function confirmOrder(page: Page, orderId: string): Promise<void> {
  await open(page, `/orders/${orderId}`);
  await act(page, 'order-confirm');
  await waitForStatus(page, 'order-status', 'CONFIRMED', STEP_MS);
}

/**
 * Opens the inventory of store `storeId`. Answers true when the panel refuses it (the not-allowed
 * page: another organization's store), false when the store's levels show.
 */
export async function openInventory(page: Page, storeId: string): Promise<boolean> {
  await open(page, `/inventory/${storeId}`);
  const levels = page.getByTestId('inventory-levels');
  const notAllowed = page.getByTestId('not-allowed');
  await levels.or(notAllowed).first().waitFor({ timeout: STEP_MS });
  return notAllowed.isVisible();
}

/** Waits until the status chip `testId` carries `status` (its raw value, whatever the language). */
async function waitForStatus(page: Page, testId: string, status: string, timeoutMs: number): Promise<void> {
  await page.locator(`[data-testid="${testId}"][data-status="${status}"]`).waitFor({ timeout: timeoutMs });
}
