// Issue #16, "the demo shows the product": after seeding, every demo service has its name,
// summary, how-to-access note (where the French one exists) and what-to-bring list (where the
// French list is not empty) in every shipped language, from the hand-written demo data or
// seed/demo/translations/<lng>.json. The failure message counts what is missing per language.
// Also: the translations are added to a directory seeded before, and never overwrite a text.
import { SHIPPED_LANGUAGES } from '../../server/config';
import { addDemoTranslations, loadDemoTranslations } from '../../seed/demo/demo-translations';
import type { TestApp } from '../support/test-app';
import { createTestApp } from '../support/test-app';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ seed: true });
}, 120_000);
afterAll(async () => t?.close());

type Texts = Record<string, string | undefined>;
interface Stored {
  _id: unknown;
  slug: string;
  name: Texts;
  summary: Texts;
  access?: { note?: Texts };
  documents?: Record<string, string[] | undefined>;
  translations?: Record<string, { by: string; reviewed: boolean }>;
}

const has = (text: string | undefined) => Boolean(text?.trim());

it('reads every language file without a problem', () => {
  const { files, problems } = loadDemoTranslations();
  expect(problems).toEqual([]);
  expect(files.map((f) => f.language).sort()).toEqual(
    SHIPPED_LANGUAGES.filter((l) => !['fr', 'en'].includes(l)).sort(),
  );
});

it('gives every service its name, summary, access note and documents in every shipped language', async () => {
  const services = (await t.models.Service.find().lean()) as unknown as Stored[];
  expect(services.length).toBeGreaterThan(150);
  const missing: Record<string, Record<string, number>> = {};
  const count = (lng: string, what: string) => {
    missing[lng] ??= {};
    missing[lng][what] = (missing[lng][what] ?? 0) + 1;
  };
  for (const lng of SHIPPED_LANGUAGES) {
    for (const s of services) {
      if (!has(s.name[lng])) count(lng, 'name');
      if (!has(s.summary[lng])) count(lng, 'summary');
      if (has(s.access?.note?.fr) && !has(s.access?.note?.[lng])) count(lng, 'accessNote');
      if ((s.documents?.fr?.length ?? 0) > 0 && !(s.documents?.[lng]?.length ?? 0)) {
        count(lng, 'documents');
      }
    }
  }
  // e.g. { ti: { accessNote: 12 } }: what the language files still lack.
  expect(missing).toEqual({});
});

it('gives every place its transport note in every shipped language', async () => {
  const places = (await t.models.Location.find().lean()) as unknown as {
    key: string;
    transport?: Texts;
  }[];
  const missing: Record<string, string[]> = {};
  for (const lng of SHIPPED_LANGUAGES) {
    const lacking = places.filter((p) => has(p.transport?.fr) && !has(p.transport?.[lng]));
    if (lacking.length) missing[lng] = lacking.map((p) => p.key);
  }
  expect(missing).toEqual({});
});

it('marks the texts it added as demo translations nobody reviewed', async () => {
  const marked = (await t.models.Service.find({
    'translations.ti.by': 'demo',
  }).lean()) as unknown as Stored[];
  expect(marked.length).toBeGreaterThan(0);
  expect(marked[0]!.translations!.ti).toMatchObject({ by: 'demo', reviewed: false });
});

it('adds a missing language to a directory seeded before, and never overwrites a text', async () => {
  const files = loadDemoTranslations().files;
  const de = files.find((f) => f.language === 'de');
  const slug = Object.keys(de?.services ?? {}).find((s) => de!.services[s]!.name);
  if (!de || !slug) throw new Error('seed/demo/translations/de.json names no service');
  // As if seeded before German existed, and a translator had since written the Italian name.
  await t.models.Service.updateOne(
    { slug },
    { $unset: { 'name.de': 1, 'translations.de': 1 }, $set: { 'name.it': 'Scritto a mano' } },
  );
  const result = await addDemoTranslations(t.models);
  expect(result.services).toBeGreaterThan(0);
  const after = (await t.models.Service.findOne({ slug }).lean()) as unknown as Stored;
  expect(after.name.de).toBe(de.services[slug]!.name);
  expect(after.translations?.de).toMatchObject({ by: 'demo', reviewed: false });
  expect(after.name.it).toBe('Scritto a mano');
  // A second run changes nothing.
  expect((await addDemoTranslations(t.models)).services).toBe(0);
});

/** The script each shipped language is written in (Latin for the others). */
const SCRIPTS: Record<string, RegExp> = {
  ar: /\p{Script=Arabic}/u,
  fa: /\p{Script=Arabic}/u,
  ps: /\p{Script=Arabic}/u,
  ur: /\p{Script=Arabic}/u,
  uk: /\p{Script=Cyrillic}/u,
  ru: /\p{Script=Cyrillic}/u,
  ti: /\p{Script=Ethiopic}/u,
};

it('writes each language file in its own script, and not in French', () => {
  const wrong: string[] = [];
  for (const file of loadDemoTranslations().files) {
    const script = SCRIPTS[file.language] ?? /\p{Script=Latin}/u;
    const texts = [
      ...Object.values(file.services).flatMap((s) => Object.values(s)),
      ...Object.values(file.places),
      ...Object.values(file.documents),
    ];
    for (const text of texts) {
      const letters = [...text].filter((c) => /\p{L}/u.test(c));
      const inScript = letters.filter((c) => script.test(c)).length;
      // Names of places and lines ("Bus 7, Riponne") stay Latin: most letters must be the script's.
      if (letters.length > 0 && inScript / letters.length < 0.5)
        wrong.push(`${file.language}: ${text}`);
    }
  }
  expect(wrong).toEqual([]);
});

it('does not copy the French text (a few proper names aside)', async () => {
  const { SERVICES } = await import('../../seed/demo/services');
  const { DOCS } = await import('../../seed/demo/helpers');
  const french = new Map(SERVICES.map((s) => [s.slug, s]));
  const copies: Record<string, number> = {};
  for (const file of loadDemoTranslations().files) {
    let same = 0;
    let total = 0;
    for (const [slug, texts] of Object.entries(file.services)) {
      const s = french.get(slug);
      for (const [field, text] of Object.entries(texts)) {
        const fr =
          field === 'name'
            ? s?.name.fr
            : field === 'summary'
              ? s?.summary.fr
              : field === 'accessNote'
                ? s?.accessNote?.fr
                : undefined;
        total++;
        if (fr && fr.trim() === text.trim()) same++;
      }
    }
    for (const [key, text] of Object.entries(file.documents)) {
      total++;
      if ((DOCS as Record<string, { fr: string }>)[key]?.fr === text) same++;
    }
    if (total > 0 && same / total > 0.05) copies[file.language] = same;
  }
  expect(copies).toEqual({});
});
