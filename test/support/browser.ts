// Browser tests in real headless Chromium (Debian's, never a downloaded one) against the real app
// over HTTP: one app and one browser per test file (a new context per test is cheap; a new
// browser is not), axe-core run the quick way, and a sign-in that costs no page render.
import { existsSync, mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium } from '../../server/features/referrals/pdf-renderer';
import { csrfFrom, DEMO_PASSWORD } from './signed-in';
import type { TestApp } from './test-app';
import { createTestApp } from './test-app';

export const CHROMIUM = '/usr/bin/chromium';
export const ARTIFACTS = path.resolve(__dirname, '../../test-artifacts');
// CI installs Debian's chromium (.ci/run); on a machine without it these tests are reported as
// skipped rather than downloading a browser.
export const withBrowser = existsSync(CHROMIUM) ? describe : describe.skip;

/** WCAG 2.2 A and AA, as every browser test checks it. */
export const WCAG22AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/**
 * axe-core on the page, every rule of `tags`. Legacy mode runs axe.run() in the page itself:
 * the same rules on the same document, without the default mode's extra blank page (a renderer
 * started, axe injected a second time and the results handed over for every check), which
 * doubled the time of each check. The app has no frames, so nothing is left out.
 */
export function axe(page: Page, tags: string[] = WCAG22AA) {
  return new AxeBuilder({ page }).withTags(tags).setLegacyMode().analyze();
}

export interface BrowserApp {
  t: TestApp;
  base: string;
  browser: Browser;
  close(): Promise<void>;
}

/** The real app on a free port of 127.0.0.1, and Chromium. */
export async function startBrowserApp(
  options: Parameters<typeof createTestApp>[0] & {
    /** Runs on the app before it serves (seeding a case, reindexing). */
    prepare?: (t: TestApp) => Promise<void>;
  } = {},
): Promise<BrowserApp> {
  const { prepare, ...appOptions } = options;
  // The app (database work) and Chromium's start do not wait for each other.
  const launching = launchChromium(CHROMIUM);
  // A launch failure is reported below, not as an unhandled rejection while the app builds.
  launching.catch(() => undefined);
  let t: TestApp | undefined;
  try {
    t = await createTestApp(appOptions);
    await prepare?.(t);
  } catch (error) {
    await (await launching.catch(() => undefined))?.close();
    await t?.close();
    throw error;
  }
  const app = t;
  const server: Server = app.app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const browser = await launching.catch(async (error: unknown) => {
    await new Promise((resolve) => server.close(resolve));
    await app.close();
    throw error;
  });
  mkdirSync(ARTIFACTS, { recursive: true });
  return {
    t: app,
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    browser,
    async close() {
      await browser.close();
      await new Promise((resolve) => server.close(resolve));
      await app.close();
    },
  };
}

/**
 * Signs the context in as `email` through the real login form's endpoint (CSRF token from the
 * login page, Passport, a session in the database): the session cookie lands in the context's
 * own cookie jar, as after typing the form, without rendering the login page. Tests of the
 * login form itself (its accessibility, its flow) still use the page.
 */
export async function signInContext(
  context: BrowserContext,
  base: string,
  email: string,
  lang = 'fr',
): Promise<void> {
  const login = `${base}/${lang}/login`;
  const form = await context.request.get(login);
  const response = await context.request.post(login, {
    form: { email, password: DEMO_PASSWORD, _csrf: csrfFrom(await form.text()) },
    maxRedirects: 0,
  });
  if (response.status() !== 303)
    throw new Error(`sign-in of ${email} answered ${response.status()}`);
}
