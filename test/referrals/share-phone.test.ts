// The share page (/{lang}/r/{token}) is the client's phone page (issue #14, item 5), checked in
// real headless Chromium at 360 px in French and Arabic: body text of 16 px or more, nothing
// wider than the screen, a tap-to-call link (normalised number) for each phone, a map link for
// each address, no QR code; printed, it is still the paper sheet, and the staff's sheet keeps its
// QR codes.
import path from 'node:path';
import request from 'supertest';
import type { Browser } from 'playwright-core';
import { telHref } from '../../server/features/referrals/referral-service';
import type { BrowserApp } from '../support/browser';
import { ARTIFACTS, axe, startBrowserApp, withBrowser } from '../support/browser';
import type { TestApp } from '../support/test-app';
import type { PageGlobals } from './in-page';
import { DEMO, postForm, signIn } from '../support/signed-in';

describe('tap to call', () => {
  it('dials digits only, with the international prefix as "+"', () => {
    expect(telHref('+41 21 555 10 00')).toBe('tel:+41215551000');
    expect(telHref('0041 (0)21 555-10.00')).toBe('tel:+410215551000');
    expect(telHref('021 555 10 00')).toBe('tel:0215551000');
    expect(telHref('')).toBe('');
    expect(telHref(undefined)).toBe('');
  });
});

withBrowser('the share page on a phone (Chromium, 360 px)', () => {
  let b: BrowserApp;
  let t: TestApp;
  let slugs: string[];
  let base: string;
  let browser: Browser;

  beforeAll(async () => {
    b = await startBrowserApp({ seed: true, env: { LANGUAGES: 'fr,en,ar' } });
    ({ t, base, browser } = b);
    // Four services with a place, at least one of them with a phone.
    const services = await t.models.Service.find({ status: 'published' }).sort({ slug: 1 }).lean();
    const withPlace = services.filter((s) => (s.locations?.length ?? 0) > 0);
    slugs = withPlace.slice(0, 4).map((s) => s.slug);
    expect(slugs).toHaveLength(4);
  }, 180_000);
  afterAll(async () => {
    await b?.close();
  });

  /** The staff's sheet for the basket in `clientLanguage`, and the share link it offers. */
  async function sheetAndLink(clientLanguage: string) {
    const staff = await signIn(t.app, DEMO.staff);
    for (const slug of slugs) await postForm(staff, '/fr/referrals/items', { slug });
    await postForm(staff, '/fr/referrals', { clientLanguage, action: 'save' });
    const sheet = (await staff.get('/fr/referrals/sheet').expect(200)).text;
    const link = /href="http:\/\/localhost:\d+(\/[a-z]{2}\/r\/[A-Za-z0-9_-]{22})"/.exec(sheet)![1]!;
    return { sheet, link };
  }

  it.each(['fr', 'ar'])(
    'is a readable phone page in %s, and the paper sheet when printed',
    async (lang) => {
      const { sheet, link } = await sheetAndLink(lang);
      // The staff's sheet (paper) keeps a QR code per service, and the share link's.
      expect(sheet.match(/<svg role="img"/g)).toHaveLength(slugs.length + 1);

      expect((await request(t.app).get(link)).status).toBe(200);
      const context = await browser.newContext({
        viewport: { width: 360, height: 740 },
        deviceScaleFactor: 2,
        isMobile: true,
        hasTouch: true,
      });
      try {
        const page = await context.newPage();
        await page.goto(`${base}${link}`);
        await page.screenshot({
          path: path.join(ARTIFACTS, `share-phone-${lang}.png`),
          fullPage: true,
        });
        const found = await page.evaluate(() => {
          const g = globalThis as unknown as PageGlobals;
          const d = g.document;
          // The smallest text: every element that holds text of its own, in the sheet's body.
          let smallest = Infinity;
          let smallestText = '';
          const walker = d.createTreeWalker(d.body, 4 /* NodeFilter.SHOW_TEXT */);
          for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            if (!node.textContent?.trim()) continue;
            const size = parseFloat(g.getComputedStyle(node.parentElement!).fontSize);
            if (size < smallest) {
              smallest = size;
              smallestText = node.textContent.trim().slice(0, 40);
            }
          }
          const tel = [...d.querySelectorAll('a[href^="tel:"]')];
          return {
            lang: d.documentElement.lang,
            smallest,
            smallestText,
            bodySize: parseFloat(g.getComputedStyle(d.body).fontSize),
            scrollWidth: d.documentElement.scrollWidth,
            width: g.innerWidth,
            phones: d.querySelectorAll('.phone').length,
            tel: tel.map((a) => ({ href: a.getAttribute('href'), shown: a.textContent ?? '' })),
            addresses: d.querySelectorAll('.address').length,
            mapLinks: [...d.querySelectorAll('.address')].map(
              (p) => p.querySelector('a')?.getAttribute('href') ?? '',
            ),
            qr: d.querySelectorAll('svg, img, .qr, canvas').length,
            services: d.querySelectorAll('.sheet-service').length,
          };
        });
        expect(found.lang).toBe(lang);
        expect(found.services).toBe(slugs.length);
        expect(found.bodySize).toBeGreaterThanOrEqual(16);
        // (The text is in the message when it fails: which element is too small.)
        expect({ text: found.smallestText, readable: found.smallest >= 16 }).toEqual({
          text: found.smallestText,
          readable: true,
        });
        expect(found.scrollWidth).toBeLessThanOrEqual(found.width);
        // Tap to call: every phone number shown is a link that dials it, digits only.
        expect(found.phones).toBeGreaterThan(0);
        expect(found.tel).toHaveLength(found.phones);
        for (const { href, shown } of found.tel) {
          expect(href).toMatch(/^tel:\+?\d{6,}$/);
          expect(href!.replace(/\D/g, '')).toBe(shown.replace(/\D/g, '').replace(/^00/, ''));
        }
        // A map link for each address.
        expect(found.addresses).toBeGreaterThan(0);
        for (const href of found.mapLinks) {
          expect(href).toMatch(/^https:\/\/www\.openstreetmap\.org\/(\?mlat=|search\?query=)/);
        }
        expect(found.qr).toBe(0);
        // WCAG 2.2 AA on the phone page.
        const checked = await axe(page);
        expect(checked.violations.map((v) => ({ id: v.id, nodes: v.nodes.length }))).toEqual([]);

        // Printed, the share page is the paper sheet (8 pt text, two languages side by side).
        await page.emulateMedia({ media: 'print' });
        const printed = await page.evaluate(() => {
          const g = globalThis as unknown as PageGlobals;
          const d = g.document;
          return {
            size: parseFloat(g.getComputedStyle(d.body).fontSize),
            columns: g.getComputedStyle(d.querySelector('.columns')!).gridTemplateColumns.split(' ')
              .length,
          };
        });
        expect(printed.size).toBeCloseTo((8 * 96) / 72, 1);
        expect(printed.columns).toBe(lang === 'fr' ? 1 : 2);
      } finally {
        await context.close();
      }
    },
    180_000,
  );
});
