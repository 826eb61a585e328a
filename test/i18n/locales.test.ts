// Every language folder under locales/ is complete: the same keys as the local language (fr),
// the plural forms its grammar needs, the same placeholders, no empty text, and a meta entry.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import i18next from 'i18next';
import { CATEGORY_SLUGS } from '../../server/models/vocabulary';

const LOCALES = path.resolve(__dirname, '../../locales');
const REFERENCE = 'fr';
const PLURAL = /_(zero|one|two|few|many|other)$/;
const RIGHT_TO_LEFT = ['ar', 'fa', 'ps', 'ur'];

type Tree = { [key: string]: string | string[] | Tree };
const read = (lng: string, ns: string) =>
  JSON.parse(readFileSync(path.join(LOCALES, lng, `${ns}.json`), 'utf8')) as Tree;

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const full = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(full, value);
    else if (!Array.isArray(value)) for (const [k, v] of flatten(value, full)) out.set(k, v);
  }
  return out;
}

const placeholders = (text: string) =>
  // {{name}} or {{name, format}}
  [...text.matchAll(/{{\s*(\w+)\s*(?:,[^}]*)?}}/g)].map((m) => m[1]).sort();

/** Base key → its strings (plural forms grouped). */
function grouped(strings: Map<string, string>) {
  const groups = new Map<string, Map<string, string>>();
  for (const [key, text] of strings) {
    const base = key.replace(PLURAL, '');
    const form = PLURAL.exec(key)?.[1] ?? '';
    groups.set(base, (groups.get(base) ?? new Map()).set(form, text));
  }
  return groups;
}

/** Namespaces of interface texts (categories.json is checked on its own below). */
const TEXT_NAMESPACES = ['common', 'manage', 'referral'];
/** Every interface text of a language, keys prefixed with their namespace ("manage:nav.admin"). */
const texts = (lng: string) =>
  new Map(
    TEXT_NAMESPACES.flatMap((ns) =>
      [...flatten(read(lng, ns))].map(([key, text]) => [`${ns}:${key}`, text] as const),
    ),
  );

const languages = readdirSync(LOCALES).filter((entry) => !entry.startsWith('.'));
const reference = grouped(texts(REFERENCE));

it('ships at least the local language, English and Arabic', () => {
  expect(languages).toEqual(expect.arrayContaining(['fr', 'en', 'ar']));
});

describe.each(languages)('locale %s', (lng) => {
  const strings = texts(lng);
  const groups = grouped(strings);

  it('has every key of the local language and no other', () => {
    expect([...groups.keys()].sort()).toEqual([...reference.keys()].sort());
  });

  it('has the plural forms its grammar needs', () => {
    const needed = new Intl.PluralRules(lng).resolvedOptions().pluralCategories;
    for (const [base, forms] of groups) {
      if (!reference.get(base)?.has('other')) continue; // not a plural key
      for (const category of needed)
        expect({ key: base, has: forms.has(category) }).toEqual({ key: base, has: true });
    }
  });

  it('keeps the placeholders of each text', () => {
    for (const [base, forms] of groups) {
      const expected = [
        ...new Set([...(reference.get(base)?.values() ?? [])].flatMap(placeholders)),
      ].sort();
      for (const [form, text] of forms) {
        const found = [...new Set(placeholders(text))].sort();
        // "Checked today" (_zero) may leave the number out; every other form keeps them all.
        const ok =
          form === 'zero'
            ? found.every((p) => expected.includes(p))
            : found.join() === expected.join();
        expect({ key: `${base}${form ? `_${form}` : ''}`, found, ok }).toEqual({
          key: `${base}${form ? `_${form}` : ''}`,
          found,
          ok: true,
        });
      }
    }
  });

  it('has no empty text', () => {
    for (const [key, text] of strings)
      expect({ key, empty: text.trim() === '' }).toEqual({ key, empty: false });
  });

  it('says its name, direction and review status', () => {
    const meta = read(lng, 'common').meta as Tree;
    expect(typeof meta.nativeName).toBe('string');
    expect(meta.direction).toBe(RIGHT_TO_LEFT.includes(lng) ? 'rtl' : 'ltr');
    expect(i18next.dir(lng)).toBe(meta.direction);
    expect(typeof meta.reviewedBy).toBe('string');
  });

  it('names every category with search keywords', () => {
    const categories = read(lng, 'categories');
    expect(Object.keys(categories).sort()).toEqual([...CATEGORY_SLUGS].sort());
    for (const slug of CATEGORY_SLUGS) {
      const entry = categories[slug] as Tree;
      expect(String(entry.name).trim()).not.toBe('');
      expect(String(entry.description).trim()).not.toBe('');
      expect((entry.keywords as string[]).length).toBeGreaterThanOrEqual(3);
    }
  });
});
