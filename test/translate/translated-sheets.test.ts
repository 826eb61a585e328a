// Issue #16: the referral sheet and the share page put every translated text of a service in the
// client's language (ti, ar), and say in that language which texts are shown in French and who
// translated the others. Through Express, with the demo directory and its demo translations.
import { readFileSync } from 'node:fs';
import request from 'supertest';
import { projectPath } from '../../server/paths';
import type { TestApp } from '../support/test-app';
import { createTestApp } from '../support/test-app';
import { DEMO, postForm, signIn } from '../support/signed-in';
import { escapeHtml } from '../support/html';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ seed: true, env: { LANGUAGES: 'fr,en,ar,ti' } });
}, 120_000);
afterAll(async () => t?.close());

function localeText(lang: string, key: string): string {
  const data = JSON.parse(readFileSync(projectPath('locales', lang, 'common.json'), 'utf8'));
  return key.split('.').reduce((node, k) => node[k], data) as string;
}
const before = (text: string) => text.split('{{')[0]!.trim();

type Texts = Record<string, string | undefined>;
interface Stored {
  slug: string;
  name: Texts;
  summary: Texts;
  description: Texts;
  documents?: Record<string, string[] | undefined>;
  access?: { note?: Texts };
}

/** A published demo service with a demo translation in `lang` and no description in it. */
async function demoTranslated(lang: string): Promise<Stored> {
  const found = (await t.models.Service.find({
    status: 'published',
    [`translations.${lang}.by`]: 'demo',
    [`description.${lang}`]: { $exists: false },
    [`name.${lang}`]: { $exists: true },
    [`summary.${lang}`]: { $exists: true },
  }).lean()) as unknown as Stored[];
  if (!found.length) throw new Error(`no demo translation in ${lang} (seed/demo/translations)`);
  return found[0]!;
}

/** The client's column of the sheet (the first of the service's two). */
const clientColumn = (html: string, lang: string) => {
  const start = html.indexOf(`<div class="column" lang="${lang}"`);
  expect(start).toBeGreaterThan(-1);
  return html.slice(start, html.indexOf('<div class="column" lang="fr"', start));
};

describe.each(['ti', 'ar'])('in %s', (lang) => {
  it('shows every translated text in the client’s language on the sheet and the share page', async () => {
    const service = await demoTranslated(lang);
    const staff = await signIn(t.app, DEMO.staff);
    await postForm(staff, '/fr/referrals/items', { slug: service.slug });
    await postForm(staff, '/fr/referrals', { clientLanguage: lang, action: 'save' });
    const sheet = (await staff.get('/fr/referrals/sheet').expect(200)).text;
    const link = /href="http:\/\/localhost:\d+(\/[a-z]{2}\/r\/[A-Za-z0-9_-]{22})"/.exec(sheet)![1]!;
    const share = (await request(t.app).get(link).expect(200)).text;

    for (const html of [sheet, share]) {
      const column = clientColumn(html, lang);
      expect(column).toContain(escapeHtml(service.name[lang]!));
      expect(column).toContain(escapeHtml(service.summary[lang]!));
      const documents = service.documents?.[lang] ?? [];
      for (const item of documents) expect(column).toContain(escapeHtml(item));
      if (service.access?.note?.[lang])
        expect(column).toContain(escapeHtml(service.access.note[lang]!));
      // Who translated, in the client's language; and what is still in French.
      expect(column).toContain(before(localeText(lang, 'provenance.by.demo')));
      expect(column).toContain(before(localeText(lang, 'provenance.notYet')));
      expect(column).toContain(localeText(lang, 'provenance.fields.description'));
      // The French texts of translated parts are not in the client's column.
      expect(column).not.toContain(escapeHtml(service.name.fr!));
    }
    // The French column says nothing about translations: it is the local text.
    const local = sheet.slice(sheet.indexOf('<div class="column" lang="fr"'));
    expect(local).not.toContain('class="provenance');
  });
});
