// Issue #16 in real headless Chromium (plain forms, no script of ours): the demo translator signs in
// (Tigrinya interface), opens the first Tigrinya text of the queue, writes a name beside the
// French text and saves; the public page in Tigrinya shows it with "translated by a volunteer".
// The queue and the editor have one h1 and no WCAG 2.2 AA violation (axe-core).
import type { Browser, Page } from 'playwright-core';
import type { BrowserApp } from '../support/browser';
import { axe, startBrowserApp, withBrowser } from '../support/browser';
import type { TestApp } from '../support/test-app';

withBrowser('the translator in Chromium', () => {
  let b: BrowserApp;
  let t: TestApp;
  let base: string;
  let browser: Browser;

  beforeAll(async () => {
    b = await startBrowserApp({ seed: true, env: { LANGUAGES: 'fr,en,ar,ti' } });
    ({ t, base, browser } = b);
  }, 60_000);
  afterAll(async () => {
    await b?.close();
  });

  const audit = async (page: Page) => ({
    h1: await page.locator('h1').count(),
    violations: (await axe(page)).violations.map((v) => v.id),
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
