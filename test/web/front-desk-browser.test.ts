// Front-desk staff in real headless Chromium (Debian's): "add to referral" from search results
// and from a service page works without JavaScript, never puts the form token in the address,
// says that it worked (message, count in the account bar, button that says "in the referral"),
// and the search, service and basket pages reflow at 320 CSS px and at 200 % zoom of a 360 px
// phone (180 CSS px) in French and Arabic, with a link from the results to the filters.
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { BrowserApp } from '../support/browser';
import { ARTIFACTS, signInContext, startBrowserApp, withBrowser } from '../support/browser';
import { DEMO } from '../support/signed-in';

withBrowser('front desk in Chromium', () => {
  let b: BrowserApp;
  let base: string;
  let browser: Browser;
  /** A service with the longest contact lines a provider may type (issue #14: they overflowed). */
  let longContactSlug: string;

  beforeAll(async () => {
    b = await startBrowserApp({
      seed: true,
      env: { LANGUAGES: 'fr,en,ar' },
      async prepare(t) {
        const service = (await t.models.Service.findOneAndUpdate(
          { status: 'published', category: 'health' },
          {
            contact: {
              phone: '+41 21 000 00 00',
              email:
                'permanence-sociale-et-administrative.quartiers-nord@association-exemple-lausanne.example',
              website:
                'https://www.association-exemple-lausanne.example/prestations/permanence-sociale-et-administrative-des-quartiers-nord',
            },
          },
          { returnDocument: 'after' },
        ).lean())!;
        longContactSlug = service.slug;
        await t.indexer.reindexAll();
      },
    });
    ({ base, browser } = b);
  }, 60_000);
  afterAll(async () => {
    await b?.close();
  });

  /** A browser context signed in as the front-desk demo account (a session of its own: the
   * referral basket lives in it), JavaScript off (no script helps these pages; this proves they
   * need none). */
  async function staffContext(options: { width?: number; lang?: string } = {}) {
    const context = await browser.newContext({
      javaScriptEnabled: false,
      viewport: { width: options.width ?? 1024, height: 800 },
    });
    await signInContext(context, base, DEMO.staff);
    return context;
  }

  /** Every address the page's frame asked for, to prove the token never lands in one. */
  function addressesOf(page: Page): string[] {
    const urls: string[] = [];
    page.on('request', (r) => {
      if (r.isNavigationRequest()) urls.push(r.url());
    });
    return urls;
  }

  it('adds the FIRST search result, says so, and never shows the token in the address', async () => {
    const context = await staffContext();
    try {
      const page = await context.newPage();
      const visited = addressesOf(page);
      await page.goto(`${base}/fr/search?q=dentaire`);
      const first = page.locator('.cards > li').first();
      const href = (await first.locator('h3 a').getAttribute('href'))!;
      // Read now: the basket page below has no results list to read it from.
      const name = (await first.locator('h3').textContent())!.trim();
      const slug = /\/fr\/services\/([a-z0-9-]+)/.exec(href)![1]!;
      expect(await page.locator('.basket-link').textContent()).toBe('Orientation (0)');

      await first.getByRole('button', { name: /Ajouter à l’orientation/ }).click();
      await page.waitForURL(/added=/);

      const url = new URL(page.url());
      expect(url.pathname).toBe('/fr/search');
      expect(url.searchParams.get('q')).toBe('dentaire');
      expect(visited.join('\n')).not.toMatch(/_csrf|[?&]slug=|[?&]back=%2Ffr/);
      // It worked, and the page says so.
      expect(await page.getByRole('status').textContent()).toContain(
        'Offre ajoutée à l’orientation.',
      );
      expect(await page.locator('.basket-link').textContent()).toBe('Orientation (1)');
      const again = page.locator('.cards > li').first();
      expect(await again.getByRole('button', { name: /Ajouter/ }).count()).toBe(0);
      expect(await again.getByRole('link', { name: /Dans l’orientation/ }).count()).toBe(1);
      // The confirmation is for this one page, not carried on by its links.
      for (const link of await page
        .locator('main a')
        .evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? '')))
        expect(link).not.toContain('added=');
      // The basket holds it.
      await page.goto(`${base}/fr/referrals`);
      expect(await page.locator('.basket .manage-item').count()).toBe(1);
      expect(name).not.toBe('');
      expect(await page.locator('.basket').textContent()).toContain(name);
      // Its service page says it is in the referral too.
      await page.goto(`${base}/fr/services/${slug}`);
      expect(
        await page
          .locator('main')
          .getByRole('link', { name: /Dans l’orientation/ })
          .count(),
      ).toBe(1);
      expect(await page.getByRole('button', { name: /Ajouter à l’orientation/ }).count()).toBe(0);
    } finally {
      await context.close();
    }
  }, 60_000);

  it('adds from a service page opened from the results, then goes back to them', async () => {
    const context = await staffContext();
    try {
      const page = await context.newPage();
      const visited = addressesOf(page);
      await page.goto(`${base}/fr/search?q=cours&cost=free`);
      const second = page.locator('.cards > li').nth(1);
      await second.locator('h3 a').click();
      await page.waitForURL(/\/fr\/services\//);
      const servicePath = new URL(page.url()).pathname;

      await page.getByRole('button', { name: /Ajouter à l’orientation/ }).click();
      await page.waitForURL(/added=/);
      expect(new URL(page.url()).pathname).toBe(servicePath);
      expect(visited.join('\n')).not.toContain('_csrf');
      expect(await page.getByRole('status').textContent()).toContain(
        'Offre ajoutée à l’orientation.',
      );
      expect(await page.locator('.basket-link').textContent()).toBe('Orientation (1)');
      expect(await page.getByRole('link', { name: /Dans l’orientation/ }).count()).toBe(1);

      await page.getByRole('link', { name: 'Retour aux résultats' }).click();
      await page.waitForURL(/\/fr\/search/);
      const back = new URL(page.url());
      expect(back.searchParams.get('q')).toBe('cours');
      expect(back.searchParams.get('cost')).toBe('free');
      expect(back.searchParams.has('added')).toBe(false);
    } finally {
      await context.close();
    }
  }, 60_000);

  // Scripts run in the page (its document, not Node's): written as text, as the project's
  // TypeScript has no DOM types.
  /** Elements sticking out of the viewport (not the insides of visually hidden texts, which are
   * clipped), for a readable failure. */
  const overflowing = (page: Page) =>
    page.evaluate<string[]>(`
      [...document.querySelectorAll('body *')]
        .filter((el) => {
          const box = el.getBoundingClientRect();
          const clipped = el.parentElement?.closest('.visually-hidden') != null;
          return !clipped && box.width > 0 && (box.right > innerWidth + 0.5 || box.left < -0.5);
        })
        .slice(-4)
        .map((el) => el.tagName.toLowerCase() + '.' + el.className + ' (' + el.textContent.slice(0, 40) + ')')
    `);

  describe.each([
    ['fr', 320],
    ['fr', 180],
    ['ar', 320],
    ['ar', 180],
  ])('%s at %i CSS px', (lang, width) => {
    it('search, service and basket pages fit the width; the results link to the filters', async () => {
      const context = await staffContext({ width });
      try {
        const page = await context.newPage();
        // Something in the basket, so its page shows its lines and forms.
        await page.goto(`${base}/${lang}/services/${longContactSlug}`);
        await page.locator('form.add-to-referral button').click();
        await page.waitForURL(/added=/);
        const pages = [
          `/${lang}/search?q=cours`,
          `/${lang}/search?q=dentaire&category=health`,
          `/${lang}/services/${longContactSlug}`,
          `/${lang}/referrals`,
        ];
        const widths: Record<string, { scrollWidth: number; innerWidth: number }> = {};
        const culprits: Record<string, string[]> = {};
        for (const address of pages) {
          await page.goto(`${base}${address}`);
          widths[address] = await page.evaluate<{ scrollWidth: number; innerWidth: number }>(
            '({ scrollWidth: document.documentElement.scrollWidth, innerWidth: innerWidth })',
          );
          if (widths[address].scrollWidth > widths[address].innerWidth)
            culprits[address] = [
              `${widths[address].scrollWidth} > ${widths[address].innerWidth}`,
              ...(await overflowing(page)),
            ];
        }
        await page.goto(`${base}/${lang}/services/${longContactSlug}`);
        await page.screenshot({
          path: path.join(ARTIFACTS, `service-${lang}-${width}px.png`),
          fullPage: true,
        });
        expect(culprits).toEqual({});
        for (const [address, w] of Object.entries(widths))
          expect({ address, fits: w.scrollWidth <= w.innerWidth }).toEqual({ address, fits: true });

        // The filters are reached from the top of the results.
        await page.goto(`${base}/${lang}/search?q=cours`);
        const link = page.locator('.results a.to-filters');
        expect(await link.getAttribute('href')).toBe('#filters');
        const linkTop = await link.evaluate((a) => a.getBoundingClientRect().top);
        const firstCardTop = await page
          .locator('.cards > li')
          .first()
          .evaluate((li) => li.getBoundingClientRect().top);
        expect(linkTop).toBeLessThan(firstCardTop);
        expect(await page.locator('#filters fieldset.filter-group').count()).toBeGreaterThan(0);
        await link.click();
        await page.waitForURL(/#filters$/);
        const filtersTop = await page
          .locator('#filters')
          .evaluate((el) => el.getBoundingClientRect().top);
        expect(Math.abs(filtersTop)).toBeLessThan(5);
        await page.screenshot({ path: path.join(ARTIFACTS, `search-${lang}-${width}px.png`) });
      } finally {
        await context.close();
      }
    }, 90_000);
  });
});
