/**
 * The browser side of the clients' end-to-end test: Chromium from the system package driven by
 * playwright-core, pages per person (desktop for the panel, a 390x844 phone for the shop), the
 * accessibility audit and the screenshots.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const launchBrowser = (): Promise<Browser> => chromium.launch({ executablePath: CHROMIUM_PATH, args: ['--disable-dev-shm-usage'] });

export type Device = 'desktop' | 'mobile';
export type Scheme = 'light' | 'dark';

/** A person's own browser context (own storage: one session each). */
export async function personPage(browser: Browser, device: Device, opts: { scheme?: Scheme; locale?: string; geolocation?: { latitude: number; longitude: number } } = {}): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    ...(device === 'mobile' ? { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 } : { viewport: { width: 1280, height: 800 } }),
    colorScheme: opts.scheme ?? 'light',
    locale: opts.locale ?? 'en-GB',
    ...(opts.geolocation ? { geolocation: opts.geolocation, permissions: ['geolocation'] } : {}),
  });
  context.setDefaultTimeout(20_000);
  const page = await context.newPage();
  return { context, page };
}

export interface AxeFinding {
  page: string;
  id: string;
  impact: string;
  help: string;
  targets: string[];
}

/** Serious and critical accessibility violations on the page as it is now (WCAG 2 A/AA rules). */
export async function audit(page: Page, name: string): Promise<AxeFinding[]> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ page: name, id: v.id, impact: v.impact!, help: v.help, targets: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
}

/**
 * Screenshots of the main screens for the README: `docs/screenshots` when SCREENSHOTS=docs (how
 * the committed ones are refreshed), else the test's artifacts folder.
 */
export function screenshotDir(root: string): string {
  const dir = process.env.SCREENSHOTS === 'docs' ? path.join(root, 'docs', 'screenshots') : path.join(root, 'test', 'e2e', '.artifacts', 'screenshots');
  mkdirSync(dir, { recursive: true });
  return dir;
}

export async function shoot(page: Page, dir: string, name: string): Promise<void> {
  await page.screenshot({ path: path.join(dir, `${name}.png`), animations: 'disabled' });
}
