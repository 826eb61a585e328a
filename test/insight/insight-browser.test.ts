// The insight pages in real headless Chromium (Debian's): no axe WCAG 2.2 AA violation in French
// and Arabic (charts mirrored), one h1, and the charts drawn at 360 px (screenshots saved under
// test-artifacts/ to be looked at).
import path from 'node:path';
import type { BrowserContext } from 'playwright-core';
import request from 'supertest';
import type { BrowserApp } from '../support/browser';
import {
  ARTIFACTS,
  axe,
  CHROMIUM,
  signInContext,
  startBrowserApp,
  withBrowser,
} from '../support/browser';
import { DEMO } from '../support/signed-in';

withBrowser(`insight pages in headless Chromium (${CHROMIUM})`, () => {
  let b: BrowserApp;
  let base: string;
  let coordinator: BrowserContext;

  beforeAll(async () => {
    b = await startBrowserApp({
      seed: true,
      async prepare(t) {
        // Something to draw: searches in three languages, some finding nothing.
        const searches = [
          '/fr/search?q=francais',
          '/fr/search?q=logement',
          '/en/search?category=housing',
          '/ar/search?q=qzvkw',
          '/ar/search?q=qzvkw',
          '/ar/search?q=qzvkw',
        ];
        for (const url of searches) await request(t.app).get(url);
        await t.services.insightRecorder.flush();
      },
    });
    base = b.base;
    // axe runs as a script in the page; the pages themselves carry none.
    coordinator = await b.browser.newContext({
      viewport: { width: 360, height: 800 },
    });
    await signInContext(coordinator, base, DEMO.coordinator);
  }, 60_000);
  afterAll(async () => {
    await coordinator?.close();
    await b?.close();
  });

  const VIEWS = ['demand', 'unmet', 'coverage', 'freshness'];

  describe.each(['fr', 'ar'])('%s', (lang) => {
    it.each(VIEWS)('%s has one h1, charts, and no WCAG 2.2 AA violation', async (view) => {
      const page = await coordinator.newPage();
      try {
        const res = await page.goto(`${base}/${lang}/admin/insight/${view}`);
        expect(res?.status()).toBe(200);
        expect(await page.locator('svg.insight-chart').count()).toBeGreaterThan(0);
        const { violations } = await axe(page);
        expect({
          h1: await page.locator('h1').count(),
          violations: violations.map((v) => ({
            id: v.id,
            nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')),
          })),
        }).toEqual({ h1: 1, violations: [] });
        // Charts fit the 360 px screen: bars scale down; wide heat maps scroll inside their
        // figure, never the page.
        const box = await page.locator('figure.insight-figure').first().boundingBox();
        expect(box!.width).toBeLessThanOrEqual(360);
        expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(
          360,
        );
        await page.screenshot({
          path: path.join(ARTIFACTS, `insight-${view}-${lang}-360.png`),
          fullPage: true,
        });
        await page
          .locator('figure.insight-figure')
          .first()
          .screenshot({ path: path.join(ARTIFACTS, `insight-${view}-${lang}-360-chart.png`) });
      } finally {
        await page.close();
      }
    });
  });
});
