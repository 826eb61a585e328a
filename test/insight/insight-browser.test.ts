// The insight pages in real headless Chromium (Debian's): no axe WCAG 2.2 AA violation in French
// and Arabic (charts mirrored), one h1, and the charts drawn at 360 px (screenshots saved under
// test-artifacts/ to be looked at).
import { existsSync, mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Browser, BrowserContext } from 'playwright-core';
import request from 'supertest';
import { launchChromium } from '../../server/features/referrals/pdf-renderer';
import type { TestApp } from '../support/test-app';
import { createTestApp } from '../support/test-app';

const ARTIFACTS = path.resolve(__dirname, '../../test-artifacts');
const CHROMIUM = '/usr/bin/chromium';
const withBrowser = existsSync(CHROMIUM) ? describe : describe.skip;

withBrowser(`insight pages in headless Chromium (${CHROMIUM})`, () => {
  let t: TestApp;
  let server: Server;
  let base: string;
  let browser: Browser;
  let coordinator: BrowserContext;

  beforeAll(async () => {
    t = await createTestApp({ seed: true });
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
    server = t.app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await launchChromium(CHROMIUM);
    mkdirSync(ARTIFACTS, { recursive: true });
    // axe runs as a script in the page; the pages themselves carry none.
    coordinator = await browser.newContext({
      viewport: { width: 360, height: 800 },
    });
    const page = await coordinator.newPage();
    await page.goto(`${base}/fr/login`);
    await page.getByLabel('Adresse e-mail').fill('coordinator@onestop.example');
    await page.getByLabel('Mot de passe').fill('onestop-demo');
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.waitForLoadState();
    await page.close();
  }, 60_000);
  afterAll(async () => {
    await coordinator?.close();
    await browser?.close();
    server?.close();
    await t?.close();
  });

  const VIEWS = ['demand', 'unmet', 'coverage', 'freshness'];

  describe.each(['fr', 'ar'])('%s', (lang) => {
    it.each(VIEWS)('%s has one h1, charts, and no WCAG 2.2 AA violation', async (view) => {
      const page = await coordinator.newPage();
      try {
        const res = await page.goto(`${base}/${lang}/admin/insight/${view}`);
        expect(res?.status()).toBe(200);
        expect(await page.locator('svg.insight-chart').count()).toBeGreaterThan(0);
        const { violations } = await new AxeBuilder({ page })
          .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
          .analyze();
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
