// Real headless Chromium (Debian's, never a downloaded one): axe-core finds no WCAG 2.2 A/AA
// violation on the public pages in French, Arabic and Ukrainian (with every shipped language in
// the switcher, as deployed), each with exactly one h1; a browser without JavaScript
// completes a filtered search; screenshots at 360 px are saved under test-artifacts/.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { BrowserApp } from '../support/browser';
import {
  ARTIFACTS,
  axe as runAxe,
  CHROMIUM,
  signInContext,
  startBrowserApp,
  withBrowser,
} from '../support/browser';

/** Every shipped language, as in a default deployment: the switcher lists all of them. */
const LANGUAGES = readdirSync(path.resolve(__dirname, '../../locales')).sort();

withBrowser(`pages in headless Chromium (${CHROMIUM})`, () => {
  let b: BrowserApp;
  let base: string;
  let browser: Browser;
  let serviceSlug: string;

  beforeAll(async () => {
    b = await startBrowserApp({ seed: true, env: { LANGUAGES: LANGUAGES.join(',') } });
    ({ base, browser } = b);
    serviceSlug = (await b.t.models.Service.findOne({ category: 'language-course' }).lean())!.slug;
  }, 60_000);
  afterAll(async () => {
    await b?.close();
  });

  const axe = async (page: Page) =>
    (await runAxe(page)).violations.map((v) => ({
      id: v.id,
      nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')),
    }));
  /** What each page tested must show: one h1 (WCAG 2.4.6 and issue #6) and no axe violation. */
  const audit = async (page: Page) => ({
    h1: await page.locator('h1').count(),
    violations: await axe(page),
  });
  const CLEAN = { h1: 1, violations: [] };

  it('offers every shipped language in the switcher', async () => {
    const page = await browser.newPage();
    try {
      await page.goto(`${base}/fr`);
      expect(await page.locator('.language-nav a[hreflang]').count()).toBe(LANGUAGES.length);
      expect(LANGUAGES.length).toBeGreaterThanOrEqual(14);
    } finally {
      await page.close();
    }
  });

  const PAGES: [string, string][] = [
    ['home', ''],
    ['search with filters', '/search?q=cours&cost=free&time=evening'],
    ['service detail', '/services/SERVICE'],
  ];

  describe.each(['fr', 'ar', 'uk'])('%s', (lang) => {
    it.each(PAGES)(
      '%s has one h1 and no WCAG 2.2 AA violation',
      async (_name, suffix) => {
        const context = await browser.newContext({ viewport: { width: 360, height: 800 } });
        const page = await context.newPage();
        try {
          await page.goto(`${base}/${lang}${suffix.replace('SERVICE', serviceSlug)}`);
          expect(await audit(page)).toEqual(CLEAN);
          if ((lang === 'fr' || lang === 'ar') && suffix !== '/services/SERVICE') {
            const name = suffix ? 'search' : 'home';
            await page.screenshot({
              path: path.join(ARTIFACTS, `${name}-${lang}-360.png`),
              fullPage: true,
            });
          }
        } finally {
          await context.close();
        }
      },
      30_000,
    );
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

  describe.each(['fr', 'ar', 'uk'])('provider pages in %s', (lang) => {
    it('sign-in page has one h1 and no WCAG 2.2 AA violation', async () => {
      const context = await browser.newContext({ viewport: { width: 360, height: 800 } });
      try {
        const page = await context.newPage();
        await page.goto(`${base}/${lang}/login`);
        expect(await audit(page)).toEqual(CLEAN);
      } finally {
        await context.close();
      }
    }, 30_000);

    it('service form, empty and with errors, has one h1 and no WCAG 2.2 AA violation', async () => {
      const context = await browser.newContext({ viewport: { width: 1024, height: 900 } });
      try {
        const page = await signInAs(context, lang, 'editor@babel-langues.example');
        await page.locator('a[href*="/services/new"]').first().click();
        await page.waitForURL(/services\/new/);
        expect(await audit(page)).toEqual(CLEAN);
        // Send it empty: the error summary links to the fields, and stays accessible.
        await page.fill('#field-name_fr', '');
        await page.locator('button[name=intent][value=submit]').click();
        await page.waitForSelector('.error-summary');
        const firstLink = page.locator('.error-summary a').first();
        const target = (await firstLink.getAttribute('href'))!;
        expect(await page.locator(target).count()).toBe(1);
        expect(await audit(page)).toEqual(CLEAN);
        if (lang !== 'uk') {
          await page.screenshot({
            path: path.join(ARTIFACTS, `provider-form-errors-${lang}.png`),
            fullPage: true,
          });
        }
      } finally {
        await context.close();
      }
    }, 60_000);
  });

  it.each([
    ['320 px wide', 320, 1],
    ['200 % zoom (1280 px screen)', 640, 2],
  ])(
    'needs no sideways scrolling at %s',
    async (_name, width, scale) => {
      const context = await browser.newContext({
        viewport: { width, height: 800 },
        deviceScaleFactor: scale,
      });
      try {
        const page = await context.newPage();
        for (const suffix of [
          '',
          '/search?q=cours&cost=free',
          `/services/${serviceSlug}`,
          '/login',
        ]) {
          for (const lang of ['fr', 'ar']) {
            await page.goto(`${base}/${lang}${suffix}`);
            const overflow = await page.evaluate(() => {
              // Runs in the page: its document, not Node's.
              const root = (
                globalThis as unknown as {
                  document: { documentElement: { scrollWidth: number; clientWidth: number } };
                }
              ).document.documentElement;
              return root.scrollWidth - root.clientWidth;
            });
            expect({ page: `${lang}${suffix}`, overflow }).toEqual({
              page: `${lang}${suffix}`,
              overflow: 0,
            });
          }
        }
      } finally {
        await context.close();
      }
    },
    60_000,
  );

  it('completes a filtered search with JavaScript switched off', async () => {
    const context = await browser.newContext({
      javaScriptEnabled: false,
      viewport: { width: 360, height: 800 },
    });
    const page = await context.newPage();
    try {
      await page.goto(`${base}/fr/search`);
      await page.fill('#q', 'cours');
      await page.check('input[name="cost"][value="free"]');
      await page.getByRole('button', { name: 'Voir les résultats' }).click();
      await page.waitForURL(/cost=free/);
      expect(page.url()).toMatch(/q=cours/);
      expect(await page.locator('input[name="cost"][value="free"]').isChecked()).toBe(true);
      const heading = await page.locator('#results-heading').textContent();
      expect(heading).toMatch(/\d+ résultat/);
      expect(await page.locator('.card').count()).toBeGreaterThan(0);
    } finally {
      await context.close();
    }
  }, 30_000);

  it('reports a known violation (the check itself works)', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    try {
      await page.setContent('<html><body><img src="x.png"><a href="#"></a></body></html>');
      const results = await runAxe(page, ['wcag2a']);
      expect(results.violations.map((v) => v.id)).toEqual(
        expect.arrayContaining(['image-alt', 'html-has-lang']),
      );
      // No h1, then two: both are caught.
      expect((await audit(page)).h1).toBe(0);
      await page.setContent(
        '<html lang="fr"><body><h1>a</h1><main><h1>b</h1></main></body></html>',
      );
      expect((await audit(page)).h1).toBe(2);
    } finally {
      await context.close();
    }
  });
});
