/**
 * Browser steps of the shopper app (clients/mobile, the react-native-web build) for the end-to-end
 * scenarios: each drives the UI through its data-testids (react-native `testID`) like a shopper
 * would, on a phone-sized page (390x844), and waits for what the step leads to.
 */
import type { Page } from 'playwright-core';
import { messages } from '../../../clients/mobile/src/messages';

// One UI step (a click to its visible result); a loaded CI machine running other end-to-end tests needs longer.
const STEP_MS = process.env.CI ? 45_000 : 15_000;

type OrderStatus = keyof (typeof messages)['en']['orderStatus'];

/** Opens the app at `url` (its root or any deep link) and waits until the shell is up. */
export async function openShop(page: Page, url: string): Promise<void> {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(url);
  await page.getByTestId('tab-home').waitFor({ timeout: STEP_MS });
}

const goToTab = async (page: Page, tab: 'home' | 'search' | 'cart' | 'orders' | 'notifications' | 'profile') => {
  await page.getByTestId(`tab-${tab}`).click();
  await page.locator('h1').first().waitFor({ timeout: STEP_MS });
};

/** Signs in by email code; `code` reads the code the app made the API mail (e.g. from the mailbox). */
export async function signIn(page: Page, email: string, code: () => Promise<string>): Promise<void> {
  await goToTab(page, 'profile');
  const signOut = page.getByTestId('sign-out');
  if (await signOut.isVisible()) {
    await signOut.click();
    await page.getByTestId('profile-sign-in').waitFor({ timeout: STEP_MS });
  }
  await page.getByTestId('profile-sign-in').click();
  await page.getByTestId('login-email').fill(email);
  await page.getByTestId('login-send').click();
  await expectStep(page, 'login-code', 'requesting a login code');
  await page.getByTestId('login-code').fill(await code());
  await page.getByTestId('login-verify').click();
  // Signed in: the sign-in screen gives way to home.
  await expectStep(page, 'store-chip', 'signing in');
}

/** Names and the total of the chosen store's cart, as the cart screen shows them. */
export async function cartContents(page: Page): Promise<{ names: string[]; total: string | null }> {
  await goToTab(page, 'cart');
  await page.locator('[data-testid="cart-line"], [data-testid="cart-empty"], [data-testid="error"]').first().waitFor({ timeout: STEP_MS });
  const total = (await page.getByTestId('cart-total').count()) ? await page.getByTestId('cart-total').textContent() : null;
  return { names: await page.getByTestId('cart-line-name').allTextContents(), total };
}

/** Waits for `testId`, or fails at once with the (translated) error the screen shows instead. */
async function expectStep(page: Page, testId: string, what: string): Promise<void> {
  const outcome = page.locator(`[data-testid="${testId}"], [data-testid="error"]`).first();
  await outcome.waitFor({ timeout: STEP_MS });
  if ((await outcome.getAttribute('data-testid')) === 'error') throw new Error(`${what} failed: ${await outcome.textContent()}`);
}

/** Chooses the store of a city (its region becomes the app's: Shanghai -> CN gateway). */
export async function chooseStore(page: Page, city: 'Berlin' | 'Shanghai'): Promise<void> {
  await goToTab(page, 'home');
  await page.getByTestId('store-chip').click();
  await page.getByTestId(`choose-store-${city}`).click();
  await page.getByTestId('store-chip').filter({ hasText: city }).waitFor({ timeout: STEP_MS });
}

/** Switches the language on the profile screen (also saved on the account when signed in). */
export async function setLanguage(page: Page, locale: 'en' | 'zh-CN'): Promise<void> {
  await goToTab(page, 'profile');
  await page.getByTestId(`language-${locale}`).click();
  await page.waitForFunction((l) => document.documentElement.lang === l, locale, { timeout: STEP_MS });
  await page.getByTestId('tab-profile').filter({ hasText: messages[locale].tabs.profile }).waitFor({ timeout: STEP_MS });
}

/** Searches from home; the names of the results of the first page. */
export async function search(page: Page, text: string): Promise<string[]> {
  await goToTab(page, 'home');
  await page.getByTestId('search-input').first().fill(text);
  await page.getByTestId('search-submit').first().click();
  await page.waitForURL(/\/search\?/, { timeout: STEP_MS });
  await page.locator('[data-testid="product-row"], [data-testid="products-empty"], [data-testid="error"]').first().waitFor({ timeout: STEP_MS });
  return page.getByTestId('product-name').allTextContents();
}

/** Opens the product whose name contains `name` from the list on screen. */
export async function openProduct(page: Page, name: string): Promise<void> {
  await page.getByTestId('product-row').filter({ hasText: name }).first().click();
  await page.waitForURL(/\/product\//, { timeout: STEP_MS });
  await page.getByTestId('add-to-cart').waitFor({ timeout: STEP_MS });
}

/** Adds one unit of the open product to the cart of the chosen store. */
export async function addToCart(page: Page): Promise<void> {
  await page.getByTestId('add-to-cart').click();
  await expectStep(page, 'added-message', 'add to cart');
}

/**
 * Checks the cart out with the test card 4242 4242 4242 4242 (approved by the simulator) and
 * lands on the order screen; returns the order id (from the URL /orders/<id>).
 */
export async function checkoutWithTestCard(page: Page, cardNumber = '4242424242424242'): Promise<string> {
  await goToTab(page, 'cart');
  await page.getByTestId('go-to-checkout').click();
  await page.getByTestId('pay-test-card').click();
  await page.getByTestId('card-number').fill(cardNumber);
  await page.getByTestId('place-order').click();
  await expectStep(page, 'order-status', 'checkout');
  const id = /\/orders\/([^/?#]+)/.exec(page.url())?.[1];
  if (!id) throw new Error(`not on an order screen: ${page.url()}`);
  return decodeURIComponent(id);
}

/** The order status shown on the order screen (in the app's language). */
export async function orderStatus(page: Page): Promise<string> {
  return ((await page.getByTestId('order-status').textContent({ timeout: STEP_MS })) ?? '').trim();
}

/** The texts a status may be shown as: the status code's translations, or `status` itself. */
const statusTexts = (status: string): string[] =>
  status in messages.en.orderStatus ? [messages.en.orderStatus[status as OrderStatus], messages['zh-CN'].orderStatus[status as OrderStatus]] : [status];

/**
 * Waits (without reloading: the subscription updates the screen) until the order screen shows
 * `status`: an OrderStatus code such as 'PLACED' (in either language) or the text itself.
 */
export async function waitForOrderStatus(page: Page, status: string, timeoutMs = 30_000): Promise<void> {
  const texts = statusTexts(status);
  await page.waitForFunction(
    (wanted) => wanted.includes(document.querySelector('[data-testid="order-status"]')?.textContent?.trim() ?? ''),
    texts,
    { timeout: timeoutMs },
  );
}
