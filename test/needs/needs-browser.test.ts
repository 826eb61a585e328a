// Needs in real headless Chromium (Debian's): an editor opens a category of the needs picker,
// ticks a need and saves, with JavaScript switched off, in French and in Arabic; the
// coordinator's needs pages have one h1 and no WCAG 2.2 AA violation (axe-core).
import { existsSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import AxeBuilder from '@axe-core/playwright';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium } from '../../server/features/referrals/pdf-renderer';
import type { TestApp } from '../support/test-app';
import { createTestApp } from '../support/test-app';

const CHROMIUM = '/usr/bin/chromium';
const withBrowser = existsSync(CHROMIUM) ? describe : describe.skip;

withBrowser(`needs in headless Chromium (${CHROMIUM})`, () => {
  let t: TestApp;
  let server: Server;
  let base: string;
  let browser: Browser;

  beforeAll(async () => {
    t = await createTestApp({ seed: true });
    server = t.app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await launchChromium(CHROMIUM);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    server?.close();
    await t?.close();
  });

  async function signInAs(context: BrowserContext, lang: string, email: string) {
    const page = await context.newPage();
    await page.goto(`${base}/${lang}/login`);
    await page.fill('#field-email', email);
    await page.fill('#field-password', 'onestop-demo');
    await page.locator('form.form button[type=submit]').click();
    await page.waitForURL(/\/provider|\/admin/);
    return page;
  }

  const audit = async (page: Page) => ({
    h1: await page.locator('h1').count(),
    violations: (
      await new AxeBuilder({ page })
        .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
        .analyze()
    ).violations.map((v) => ({ id: v.id, nodes: v.nodes.slice(0, 3).map((n) => n.target) })),
  });

  it.each([
    ['fr', 'bank-account'],
    ['ar', 'budget'],
  ])(
    'an editor ticks a need in %s without JavaScript and it is saved',
    async (lang, need) => {
      // A published service of the editor's organisation (trusted: saved at once).
      const organisation = await t.models.Organisation.findOne({ slug: 'maison-carrefour' }).lean();
      const service = await t.models.Service.findOne({
        organisation: organisation!._id,
        status: 'published',
        needs: { $ne: need },
      }).lean();
      const slug = service!.slug;
      const context = await browser.newContext({ javaScriptEnabled: false });
      try {
        const page = await signInAs(context, lang, 'editor@maison-carrefour.example');
        await page.goto(`${base}/${lang}/provider/services/${String(service!._id)}/edit`);
        const box = page.locator(`#need-${need}`);
        // A category is closed until opened, unless something in it is ticked already.
        if (!(await box.isVisible())) {
          await page.locator(`details.need-group:has(#need-${need}) > summary`).click();
        }
        await box.check();
        await page.locator('button[name=intent][value=submit]').click();
        await page.waitForURL(/\/provider\/organisations\//);
        const saved = await t.models.Service.findOne({ slug }).lean();
        expect([...saved!.needs!].sort()).toEqual([...service!.needs!, need].sort());
      } finally {
        await context.close();
      }
    },
    90_000,
  );

  it.each(['fr', 'ar'])(
    "the coordinator's needs pages in %s have one h1 and no WCAG 2.2 AA violation",
    async (lang) => {
      const context = await browser.newContext({ viewport: { width: 1024, height: 900 } });
      try {
        const page = await signInAs(context, lang, 'coordinator@onestop.example');
        for (const path of ['/admin/needs', '/admin/needs/new', '/admin/needs/dentist']) {
          await page.goto(`${base}/${lang}${path}`);
          expect({ path, ...(await audit(page)) }).toEqual({ path, h1: 1, violations: [] });
        }
        // Sent without a name in the local language: the summary links to the field.
        await page.goto(`${base}/${lang}/admin/needs/new`);
        await page.locator('form.form button[type=submit]').first().click();
        await page.waitForSelector('.error-summary');
        const target = (await page.locator('.error-summary a').first().getAttribute('href'))!;
        expect(target).toBe('#field-name_fr');
        expect({ path: 'errors', ...(await audit(page)) }).toEqual({
          path: 'errors',
          h1: 1,
          violations: [],
        });
      } finally {
        await context.close();
      }
    },
    90_000,
  );
});
