/**
 * Browser helpers for the admin panel's core area (login, menu, region, language, catalog,
 * notifications), for the end-to-end scenarios. Each takes a playwright-core `Page` showing the
 * panel (desktop viewport, 1280x800) and leaves it on a page of the panel.
 */
import type { Locator, Page } from 'playwright-core';

const DEFAULT_TIMEOUT = 15_000;

/**
 * Signs in on the login page at `adminUrl` with `email`; `code` answers the mailed login code (it is
 * called after the code was requested). Resolves once the signed-in layout shows.
 */
export async function signIn(page: Page, adminUrl: string, email: string, code: () => Promise<string>): Promise<void> {
  await page.goto(adminUrl);
  await page.getByTestId('login-email').fill(email);
  await page.getByTestId('login-send').click();
  // A refused request (e.g. RATE_LIMITED) shows login-error instead of the code field: fail with its text.
  await page.locator('[data-testid="login-code"], [data-testid="login-error"]').first().waitFor({ timeout: DEFAULT_TIMEOUT });
  if (await page.getByTestId('login-error').isVisible()) throw new Error(`sign-in of ${email} refused: ${await page.getByTestId('login-error').innerText()}`);
  await page.getByTestId('login-code').fill(await code());
  await page.getByTestId('login-verify').click();
  await page.getByTestId('account-menu').waitFor({ timeout: DEFAULT_TIMEOUT });
}

/**
 * The paths of the menu entries the signed-in person sees, in menu order, e.g.
 * `['dashboard', 'catalog/products', …]` (the route under the app root; the first is the home).
 */
export async function menuPaths(page: Page): Promise<string[]> {
  const items = page.locator('nav [data-testid^="nav-"]');
  await items.first().waitFor({ timeout: DEFAULT_TIMEOUT });
  const hrefs = await items.evaluateAll((els) => els.map((el) => el.getAttribute('href') ?? ''));
  return hrefs.map((href) => new URL(href, 'http://panel').pathname.replace(/^\//, ''));
}

/** Opens one of the panel's MUI selects (`region-switch`, `language-switch`) and picks an option. */
async function pick(page: Page, switchId: string, optionId: string): Promise<void> {
  await page.getByTestId(switchId).first().click();
  await page.getByTestId(optionId).click();
  await page.getByRole('listbox').waitFor({ state: 'detached' });
}

/** Switches the panel to a region (each region has its own API client and data). */
export async function switchRegion(page: Page, region: 'eu' | 'cn'): Promise<void> {
  await pick(page, 'region-switch', `region-${region}`);
  await page.waitForLoadState('networkidle');
}

/** Switches the panel's language; resolves when the document language changed. */
export async function setLanguage(page: Page, locale: 'en' | 'zh-CN'): Promise<void> {
  await pick(page, 'language-switch', `language-${locale}`);
  await page.locator(`html[lang="${locale}"]`).waitFor({ state: 'attached' });
}

/** Opens the products grid through the menu. */
async function openProducts(page: Page): Promise<void> {
  await page.getByTestId('nav-catalog-products').click();
  await page.getByTestId('product-search').waitFor({ timeout: DEFAULT_TIMEOUT });
}

/**
 * Creates a product through the form (EU region; ADMIN or MANUFACTURER) and answers its id.
 * `price` is in major units as typed ("12.50"); `status` defaults to ACTIVE so that shoppers and the
 * CN region (after sync) see it.
 */
export async function createProduct(page: Page, product: { sku: string; name: string; price: string; currency: string; status?: 'DRAFT' | 'ACTIVE' }): Promise<string> {
  await openProducts(page);
  await page.getByTestId('product-create').click();
  const form = page.getByTestId('product-form');
  await form.waitFor();
  await page.getByTestId('product-sku').fill(product.sku);
  await page.getByTestId('product-name').fill(product.name);
  await page.getByTestId('product-price').fill(product.price);
  await page.getByTestId('product-currency').selectOption(product.currency);
  await page.getByTestId('product-status-select').selectOption(product.status ?? 'ACTIVE');
  await page.getByTestId('product-save').click();
  await page.waitForURL(/\/catalog\/products\/[0-9a-f-]{36}$/, { timeout: DEFAULT_TIMEOUT });
  return page.url().split('/').pop()!;
}

/** The grid's link of the product named exactly `name` (rows are `.MuiDataGrid-row[data-id=<product id>]`). */
const productLink = (page: Page, name: string): Locator => page.getByTestId('product-link').filter({ hasText: new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) });

/**
 * Whether the products grid lists a product named exactly `name` when searching for it. With
 * `timeoutMs`, searches again until it shows (e.g. in CN while the catalog syncs from EU).
 */
export async function findProduct(page: Page, name: string, timeoutMs = 0): Promise<boolean> {
  await openProducts(page);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await page.getByTestId('product-search').fill(name);
    // The search is debounced (350 ms) and then asks the API: give the answer a few seconds to render.
    try {
      await productLink(page, name).first().waitFor({ timeout: 4_000 });
      return true;
    } catch {
      if (Date.now() >= deadline) return false;
      // A reload drops the client's cache, so the next search asks the API again.
      await page.reload();
      await page.getByTestId('product-search').waitFor({ timeout: DEFAULT_TIMEOUT });
    }
  }
}

/**
 * Whether the product named `name` is read-only for the person: the read-only banner shows, the
 * grid offers no create/archive, and its page has no save/archive and only disabled fields (CN).
 * The product must be listed (see `findProduct`).
 */
export async function productIsReadOnly(page: Page, name: string): Promise<boolean> {
  if (!(await findProduct(page, name))) throw new Error(`product ${name} is not listed`);
  const banner = await page.getByTestId('read-only-banner').isVisible();
  const listControls = (await page.getByTestId('product-create').count()) + (await page.getByTestId('product-archive').count());
  await productLink(page, name).first().click();
  await page.getByTestId('product-form').waitFor({ timeout: DEFAULT_TIMEOUT });
  const formControls = (await page.getByTestId('product-save').count()) + (await page.getByTestId('product-archive').count());
  const editable = await page.getByTestId('product-name').isEditable();
  return banner && listControls === 0 && formControls === 0 && !editable;
}

/**
 * Waits until a notification containing `textPart` arrives (live, through the bell's subscription)
 * and answers its text; throws after `timeoutMs`. Leaves the bell closed.
 */
export async function waitForNotification(page: Page, textPart: string, timeoutMs = 30_000): Promise<string> {
  await page.getByTestId('notifications-bell').click();
  const popover = page.getByTestId('notifications-popover');
  await popover.waitFor();
  try {
    const item = popover.getByTestId('notification-item').filter({ hasText: textPart }).first();
    await item.waitFor({ timeout: timeoutMs });
    return await item.innerText();
  } finally {
    await page.keyboard.press('Escape');
    await popover.waitFor({ state: 'detached' });
  }
}
