// Needs in real headless Chromium (Debian's): an editor opens a category of the needs picker,
// ticks a need and saves, with JavaScript switched off, in French and in Arabic; the
// coordinator's needs pages have one h1 and no WCAG 2.2 AA violation (axe-core).
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { TestApp } from '../support/test-app';
import type { BrowserApp } from '../support/browser';
import { axe, CHROMIUM, signInContext, startBrowserApp, withBrowser } from '../support/browser';

withBrowser(`needs in headless Chromium (${CHROMIUM})`, () => {
  let b: BrowserApp;
  let t: TestApp;
  let base: string;
  let browser: Browser;

  beforeAll(async () => {
    b = await startBrowserApp({ seed: true });
    ({ t, base, browser } = b);
  }, 120_000);
  afterAll(async () => {
    await b?.close();
  });

  /** Signs the context in (the login form's endpoint), then opens the role's start page: the
   * login page of a signed-in user sends it there, as the form does after signing in. */
  async function signInAs(context: BrowserContext, lang: string, email: string) {
    await signInContext(context, base, email, lang);
    const page = await context.newPage();
    await page.goto(`${base}/${lang}/login`);
    await page.waitForURL(/\/provider|\/admin/);
    return page;
  }

  const audit = async (page: Page) => ({
    h1: await page.locator('h1').count(),
    violations: (await axe(page)).violations.map((v) => ({
      id: v.id,
      nodes: v.nodes.slice(0, 3).map((n) => n.target),
    })),
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
