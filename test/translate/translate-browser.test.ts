// Issue #16 in real headless Chromium (plain forms, no script of ours): the demo translator signs in
// (Tigrinya interface), opens the first Tigrinya text of the queue, writes a name beside the
// French text and saves; the public page in Tigrinya shows it with "translated by a volunteer".
// The queue and the editor have one h1 and no WCAG 2.2 AA violation (axe-core).
import { existsSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import AxeBuilder from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../../server/features/referrals/pdf-renderer';
import type { TestApp } from '../support/test-app';
import { createTestApp } from '../support/test-app';

const CHROMIUM = '/usr/bin/chromium';
const withBrowser = existsSync(CHROMIUM) ? describe : describe.skip;

withBrowser('the translator in Chromium', () => {
  let t: TestApp;
  let server: Server;
  let base: string;
  let browser: Browser;

  beforeAll(async () => {
    t = await createTestApp({ seed: true, env: { LANGUAGES: 'fr,en,ar,ti' } });
    server = t.app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await launchChromium(CHROMIUM);
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    server?.close();
    await t?.close();
  });

  const audit = async (page: Page) => ({
    h1: await page.locator('h1').count(),
    violations: (
      await new AxeBuilder({ page })
        .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
        .analyze()
    ).violations.map((v) => v.id),
  });

  it('translates a listing from the queue and the public page shows it', async () => {
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      await page.goto(`${base}/ti/login`);
      await page.fill('#field-email', 'translator@onestop.example');
      await page.fill('#field-password', 'onestop-demo');
      await page.locator('form.form button[type=submit]').click();
      await page.waitForURL(/\/ti\/translate/);
      expect(await audit(page)).toEqual({ h1: 1, violations: [] });

      await page.selectOption('#queue-language', 'ti');
      await page.locator('form:has(#queue-language) button').click();
      await page.waitForURL(/language=ti/);
      await page.locator('a[href*="/translate/service/"]').first().click();
      await page.waitForURL(/\/translate\/service\/[a-f0-9]{24}\/ti/);
      expect(await audit(page)).toEqual({ h1: 1, violations: [] });
      const id = /service\/([a-f0-9]{24})\//.exec(page.url())![1]!;

      await page.fill('#field-name', 'ስም ብቐጥታ ካብ መርበብ');
      await page.locator('.translate-form button[type=submit]').click();
      await page.waitForURL(/done=published/);

      const slug = (await t.models.Service.findById(id).lean())!.slug;
      await page.goto(`${base}/ti/services/${slug}`);
      expect(await page.locator('h1').innerText()).toBe('ስም ብቐጥታ ካብ መርበብ');
      expect(await page.locator('.provenance').innerText()).toContain('ብወለንታዊ ተርጓሚ');
    } finally {
      await context.close();
    }
  }, 90_000);
});
