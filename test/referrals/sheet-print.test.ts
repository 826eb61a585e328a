// The referral sheet on paper (issue #14, item 8), printed to PDF by the app in real headless
// Chromium and read back with poppler's pdftotext, page by page: a basket of five services runs
// to two pages or more, and every page has the title, the centre's address and "page X of Y" in
// the client's language; time ranges are never split at their dash; addresses are printed (not a
// bare "Plan"); and the Arabic column uses Arabic punctuation, its French address and transport
// notes in elements of their own (checked on the rendered page in Chromium).
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import type { BrowserApp } from '../support/browser';
import { ARTIFACTS, CHROMIUM, startBrowserApp } from '../support/browser';
import type { TestApp } from '../support/test-app';
import type { Agent } from '../support/signed-in';
import type { PageGlobals } from './in-page';
import { DEMO, getBytes, postForm, signIn } from '../support/signed-in';

const hasTool = (tool: string) => {
  try {
    execFileSync('sh', ['-c', `command -v ${tool}`]);
    return true;
  } catch {
    return false;
  }
};
const ready = existsSync(CHROMIUM) && hasTool('pdftotext') && hasTool('pdfinfo');
const withTools = ready ? describe : describe.skip;

/** A text of the locale files. */
const locale = (lang: string, ns: string, key: string) =>
  key
    .split('.')
    .reduce<unknown>(
      (node, part) => (node as Record<string, unknown>)[part],
      JSON.parse(readFileSync(path.resolve(__dirname, `../../locales/${lang}/${ns}.json`), 'utf8')),
    ) as string;

/** One page's text as pdftotext reads it, without the bidi controls it adds to RTL runs. */
const pageText = (file: string, page: number, layout = false) =>
  execFileSync(
    'pdftotext',
    [
      ...(layout ? ['-layout'] : []),
      '-f',
      String(page),
      '-l',
      String(page),
      '-enc',
      'UTF-8',
      file,
      '-',
    ],
    { encoding: 'utf8' },
  )
    .replace(/[\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '')
    .normalize('NFKC');

const pageCount = (file: string) =>
  Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))![1]);

withTools('the referral sheet on paper (PDF read back with pdftotext)', () => {
  let b: BrowserApp;
  let t: TestApp;
  let slugs: string[];
  let streets: string[];
  let base: string;
  let browser: Browser;

  beforeAll(async () => {
    b = await startBrowserApp({ seed: true, env: { LANGUAGES: 'fr,en,ar' } });
    ({ t, base, browser } = b);
    // Five services with a place (an address to print) and hours, so the sheet has time ranges
    // and runs over one page.
    const services = await t.models.Service.find({ status: 'published' }).sort({ slug: 1 }).lean();
    const withPlace = services.filter(
      (s) => (s.locations?.length ?? 0) > 0 && (s.schedule?.weekly?.length ?? 0) > 0,
    );
    const others = services.filter((s) => (s.locations?.length ?? 0) > 0 && !withPlace.includes(s));
    const picked = [...withPlace, ...others].slice(0, 5);
    expect(picked).toHaveLength(5);
    slugs = picked.map((s) => s.slug);
    const places = await t.models.Location.find({
      _id: { $in: picked.map((s) => s.locations![0]) },
    }).lean();
    streets = places.map((l) => l.address?.street ?? '').filter(Boolean);
    expect(streets.length).toBeGreaterThan(0);
  }, 180_000);
  afterAll(async () => {
    await b?.close();
  });

  // The same basket in the same client language is the same sheet: each is made once and read
  // by every test that checks it (a staff session holding it; the app's PDF of it, as printed).
  const baskets = new Map<string, Promise<Agent>>();
  const pdfs = new Map<string, Promise<string>>();

  async function makeStaffWithBasket(clientLanguage: string): Promise<Agent> {
    const staff = await signIn(t.app, DEMO.staff);
    for (const slug of slugs) await postForm(staff, '/fr/referrals/items', { slug });
    await postForm(staff, '/fr/referrals', { clientLanguage, action: 'save' });
    return staff;
  }
  function staffWithBasket(clientLanguage: string): Promise<Agent> {
    if (!baskets.has(clientLanguage))
      baskets.set(clientLanguage, makeStaffWithBasket(clientLanguage));
    return baskets.get(clientLanguage)!;
  }

  async function makePdf(clientLanguage: string) {
    const staff = await staffWithBasket(clientLanguage);
    const { status, body } = await getBytes(staff, '/fr/referrals/sheet.pdf');
    expect(status).toBe(200);
    const file = path.join(ARTIFACTS, `referral-pages-${clientLanguage}.pdf`);
    writeFileSync(file, body);
    return file;
  }
  function pdfFor(clientLanguage: string): Promise<string> {
    if (!pdfs.has(clientLanguage)) pdfs.set(clientLanguage, makePdf(clientLanguage));
    return pdfs.get(clientLanguage)!;
  }

  // [page, pages] as printed. pdftotext gives a right-to-left line with numbers in visual order
  // ("2 من 1 صفحة" for "صفحة 1 من 2"), so Arabic is read either way round.
  const pageNumbers: Record<string, (text: string) => string[] | undefined> = {
    fr: (text) => /Page\s*(\d+)\s*sur\s*(\d+)/.exec(text)?.slice(1, 3),
    ar: (text) => {
      const logical = /صفحة\s*(\d+)\s*من\s*(\d+)/.exec(text);
      if (logical) return logical.slice(1, 3);
      const visual = /(\d+)\s*من\s*(\d+)\s*صفحة/.exec(text);
      return visual ? [visual[2]!, visual[1]!] : undefined;
    },
  };

  it.each(['fr', 'ar'])(
    'prints the title, the centre and "page X of Y" on every page (%s)',
    async (lang) => {
      const file = await pdfFor(lang);
      const pages = pageCount(file);
      expect(pages).toBeGreaterThanOrEqual(2);
      const title = locale(lang, 'referral', 'sheet.title');
      for (let page = 1; page <= pages; page++) {
        const text = pageText(file, page);
        const flat = text.replace(/\s+/g, ' ');
        expect({ page, title: flat.includes(title) }).toEqual({ page, title: true });
        expect({ page, centre: flat.includes('Place de la Riponne 10, 1005 Lausanne') }).toEqual({
          page,
          centre: true,
        });
        expect({ page, numbers: pageNumbers[lang]!(text) }).toEqual({
          page,
          numbers: [String(page), String(pages)],
        });
      }
    },
    180_000,
  );

  it.each(['fr', 'ar'])(
    'keeps time ranges together and prints addresses, not a bare map word (%s)',
    async (lang) => {
      const file = await pdfFor(lang);
      let all = '';
      for (let page = 1; page <= pageCount(file); page++) {
        all += `${pageText(file, page)}\n${pageText(file, page, true)}\n`;
      }
      // At least one whole range, and no dash with a time on one side only (the line broke there).
      expect(all).toMatch(/\d{2}:\d{2}–\d{2}:\d{2}/);
      expect(all.match(/\d{2}:\d{2}–(?!\d{2}:\d{2})/g) ?? []).toEqual([]);
      expect(all.match(/(?<!\d{2}:\d{2})–\d{2}:\d{2}/g) ?? []).toEqual([]);
      const flat = all.replace(/\s+/g, ' ');
      for (const street of streets) expect(flat).toContain(street);
      // The word "map" printed beside an address told the reader nothing on paper.
      for (const l of new Set([lang, 'fr'])) {
        expect(flat).not.toContain(`(${locale(l, 'referral', 'sheet.map')})`);
        expect(flat).not.toContain(`· ${locale(l, 'referral', 'sheet.map')}`);
      }
    },
    180_000,
  );

  it('gives the browser-printed sheet the same page margins as the PDF', async () => {
    const staff = await staffWithBasket('ar');
    const html = (await staff.get('/fr/referrals/sheet').expect(200)).text;
    // (Handlebars writes "=" in attributes as "&#x3D;", which the browser reads back as "=".)
    const href = /<link rel="stylesheet" href="([^"]+)" media="print">/
      .exec(html)![1]!
      .replace(/&#x3D;/g, '=');
    expect(href).toBe('/fr/referral-pages.css?client=ar');
    const css = await staff.get(href).expect(200);
    expect(css.headers['content-type']).toMatch(/^text\/css/);
    expect(css.text).toContain(`"${locale('ar', 'referral', 'sheet.title')}"`);
    expect(css.text).toContain(`"${locale('fr', 'referral', 'sheet.title')}"`);
    expect(css.text).toContain('"Centre OneStop · Place de la Riponne 10, 1005 Lausanne');
    expect(css.text).toMatch(/"صفحة " counter\(page\) " من " counter\(pages\)/);
    // Printed from the browser (the page as served, its stylesheets from the app): the same
    // margins on every page as in the app's PDF.
    const context = await browser.newContext({ javaScriptEnabled: false });
    try {
      const page = await context.newPage();
      await page.route(`${base}/fr/referrals/sheet`, (route) =>
        route.fulfill({ status: 200, contentType: 'text/html', body: html }),
      );
      await page.goto(`${base}/fr/referrals/sheet`);
      const file = path.join(ARTIFACTS, 'referral-pages-ar-browser.pdf');
      writeFileSync(file, await page.pdf({ preferCSSPageSize: true }));
      const pages = pageCount(file);
      expect(pages).toBeGreaterThanOrEqual(2);
      for (let n = 1; n <= pages; n++) {
        const text = pageText(file, n);
        expect({ n, numbers: pageNumbers.ar!(text) }).toEqual({ n, numbers: [`${n}`, `${pages}`] });
        expect(text).toContain('Place de la Riponne 10, 1005 Lausanne');
      }
    } finally {
      await context.close();
    }
    // A language the deployment does not offer is refused.
    expect((await staff.get('/fr/referral-pages.css?client=xx')).status).toBe(400);
  }, 180_000);

  it('writes Arabic with Arabic separators, each language of a place in its own element', async () => {
    const staff = await staffWithBasket('ar');
    const html = (await staff.get('/fr/referrals/sheet').expect(200)).text;
    const context = await browser.newContext({ javaScriptEnabled: false });
    try {
      const page = await context.newPage();
      // The page as served (its stylesheets from the app), without the staff's session.
      await page.route(`${base}/fr/referrals/sheet`, (route) =>
        route.fulfill({ status: 200, contentType: 'text/html', body: html }),
      );
      await page.goto(`${base}/fr/referrals/sheet`);
      const found = await page.evaluate(() => {
        const g = globalThis as unknown as PageGlobals;
        const d = g.document;
        const columns = [...d.querySelectorAll('.column[lang="ar"]')];
        // Text written in the Arabic column itself (not in an element of another language).
        const ownText = columns.map((column) => {
          let text = '';
          const walker = d.createTreeWalker(column, 4 /* NodeFilter.SHOW_TEXT */);
          for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            const owner = node.parentElement!.closest('[lang]');
            // Names of places and organisations are proper names in their own <bdi>.
            if (owner === column && !node.parentElement!.closest('bdi')) text += node.textContent;
          }
          return text;
        });
        const places = [...d.querySelectorAll('.column[lang="ar"] .place')].map((place) => ({
          address: place.querySelector('.address bdi')?.getAttribute('lang') ?? null,
          addressDir: place.querySelector('.address bdi')?.getAttribute('dir') ?? null,
          transport: place.querySelector('.transport bdi')?.getAttribute('lang') ?? 'none',
          blocks: [...place.children].every(
            (child) => g.getComputedStyle(child).display === 'block',
          ),
        }));
        // Every time range sits in an element that does not wrap (the PDF could break it).
        const ranges: { range: string; whiteSpace: string }[] = [];
        const all = d.createTreeWalker(d.body, 4 /* NodeFilter.SHOW_TEXT */);
        for (let node = all.nextNode(); node; node = all.nextNode()) {
          for (const m of node.textContent!.matchAll(/\d{2}:\d{2}–\d{2}:\d{2}/g)) {
            ranges.push({
              range: m[0],
              whiteSpace: g.getComputedStyle(node.parentElement!).whiteSpace,
            });
          }
        }
        return { ownText, places, ranges };
      });
      expect(found.ownText.length).toBe(slugs.length);
      for (const text of found.ownText) expect(text).not.toMatch(/[;,]/);
      expect(found.ownText.join('')).toMatch(/[،؛]/);
      expect(found.ranges.length).toBeGreaterThan(0);
      for (const range of found.ranges) expect(range).toEqual({ ...range, whiteSpace: 'nowrap' });
      expect(found.places.length).toBeGreaterThan(0);
      for (const place of found.places) {
        expect(place.address).toBe('fr');
        expect(place.addressDir).toBe('ltr');
        expect(['ar', 'fr', 'none']).toContain(place.transport);
        expect(place.blocks).toBe(true);
      }
    } finally {
      await context.close();
    }
  }, 180_000);
});
