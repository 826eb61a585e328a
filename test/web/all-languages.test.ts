// Every shipped language renders every public page, in the right direction.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { escapeHtml, h1, htmlLangDir } from '../support/html';
import type { TestApp } from '../support/test-app';
import { createTestApp } from '../support/test-app';

const LANGUAGES = readdirSync(path.resolve(__dirname, '../../locales')).sort();
const RTL = new Set(['ar', 'fa', 'ps', 'ur']);

let t: TestApp;
let serviceSlug: string;
let organisationSlug: string;
beforeAll(async () => {
  t = await createTestApp({ seed: true, env: { LANGUAGES: LANGUAGES.join(',') } });
  const course = await t.models.Service.findOne({ category: 'language-course' }).lean();
  serviceSlug = course!.slug;
  organisationSlug = (await t.models.Organisation.findById(course!.organisation).lean())!.slug;
  // The first file of a run seeds the demo directory: a while on a busy machine.
}, 120_000);
afterAll(() => t.close());

it('ships at least 14 languages, four of them right-to-left', () => {
  expect(LANGUAGES.length).toBeGreaterThanOrEqual(14);
  expect(LANGUAGES.filter((l) => RTL.has(l))).toHaveLength(4);
});

describe.each(LANGUAGES)('%s', (lang) => {
  it.each([
    ['home', ''],
    ['category', '/categories/language-course'],
    ['service', '/services/SERVICE'],
    ['organisation', '/organisations/ORG'],
    ['search', '/search?q=cours&cost=free&time=evening'],
    ['not found', '/no-such-page'],
  ])('renders the %s page', async (_name, suffix) => {
    const url = `/${lang}${suffix.replace('SERVICE', serviceSlug).replace('ORG', organisationSlug)}`;
    const res = await request(t.app).get(url);
    expect(res.status).toBe(suffix === '/no-such-page' ? 404 : 200);
    expect(htmlLangDir(res.text)).toEqual({ lang, dir: RTL.has(lang) ? 'rtl' : 'ltr' });
    expect(h1(res.text)).not.toBe('');
    // No raw translation key leaked into the page.
    expect(res.text).not.toMatch(/>\s*(search|service|home|errors|sessions)\.[a-zA-Z.]+\s*</);
  });
});

it('writes numbers the way each language does', async () => {
  const housing = await t.models.Service.countDocuments({
    category: 'housing',
    status: 'published',
  });
  for (const lang of ['fa', 'fr', 'uk']) {
    const res = await request(t.app).get(`/${lang}`);
    const count = new Intl.NumberFormat(lang).format(housing);
    expect(res.text).toContain(`>${count} `);
  }
  // Persian digits, not Latin ones.
  expect(new Intl.NumberFormat('fa').format(housing)).not.toMatch(/\d/);
});

it('writes dates the way each language does', async () => {
  const session = await t.models.CourseSession.findOne({
    status: 'published',
    endDate: { $gte: new Date() },
  }).lean();
  const service = await t.models.Service.findById(session!.service).lean();
  expect(service!.status).toBe('published');
  const written: Record<string, string> = {};
  for (const lang of ['fr', 'ar', 'fa', 'uk']) {
    // Session dates are calendar days stored at midnight UTC, hence the UTC time zone.
    const format = new Intl.DateTimeFormat(lang, { dateStyle: 'long', timeZone: 'UTC' });
    const res = await request(t.app).get(`/${lang}/services/${service!.slug}`);
    expect(res.status).toBe(200);
    for (const [what, date] of [
      ['session start', session!.startDate],
      ['session end', session!.endDate],
      ['checked on', service!.lastVerifiedAt],
    ] as const) {
      const expected = format.format(date);
      expect({ lang, what, shown: res.text.includes(escapeHtml(expected)) }).toEqual({
        lang,
        what,
        shown: true,
      });
    }
    written[lang] = format.format(session!.startDate);
  }
  // Four different ways of writing the same day; Persian in its own calendar and digits.
  expect(new Set(Object.values(written)).size).toBe(4);
  expect(written.fa).not.toMatch(/\d/);
});
