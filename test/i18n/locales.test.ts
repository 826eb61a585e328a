// Every language folder under locales/ is complete: the same namespace files and keys as the
// local language (fr), the plural forms its grammar needs, the same placeholders (with their
// formats), no empty text, the same categories, and a meta entry.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import i18next from 'i18next';
import { CATEGORY_SLUGS } from '../../server/models/vocabulary';

const LOCALES = path.resolve(__dirname, '../../locales');
const REFERENCE = 'fr';
const PLURAL = /_(zero|one|two|few|many|other)$/;
const RIGHT_TO_LEFT = ['ar', 'fa', 'ps', 'ur'];

type Tree = { [key: string]: string | string[] | Tree };
/** A namespace file of a language; a missing one reads as empty (its own test reports it). */
const read = (lng: string, ns: string): Tree => {
  const file = path.join(LOCALES, lng, `${ns}.json`);
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Tree) : {};
};

/** The namespaces of a language: its .json files. */
const namespacesOf = (lng: string) =>
  readdirSync(path.join(LOCALES, lng))
    .filter((file) => file.endsWith('.json'))
    .map((file) => file.slice(0, -'.json'.length))
    .sort();

/** What differs between two lists of names, as readable lines. */
function differences(what: string, found: readonly string[], expected: readonly string[]) {
  return [
    ...expected.filter((name) => !found.includes(name)).map((name) => `missing ${what} ${name}`),
    ...found.filter((name) => !expected.includes(name)).map((name) => `extra ${what} ${name}`),
  ];
}

/** Leaves that are not texts (arrays, numbers, null): i18next would not show them as written. */
function nonTexts(tree: Tree, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([key, value]) => {
    const full = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') return [];
    if (value !== null && typeof value === 'object' && !Array.isArray(value))
      return nonTexts(value, full);
    return [full];
  });
}

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const full = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(full, value);
    else if (!Array.isArray(value)) for (const [k, v] of flatten(value, full)) out.set(k, v);
  }
  return out;
}

/**
 * Placeholders of a text with their format ("count, number" for {{count, number}}: a translation
 * writing {{count}} would lose the locale's digits), and nested texts ($t(key)).
 */
const placeholders = (text: string) =>
  [
    ...[...text.matchAll(/{{\s*([\w.-]+)\s*(?:,([^}]*))?}}/g)].map(([, name, format]) =>
      format?.trim() ? `${name}, ${format.replace(/\s+/g, '')}` : name!,
    ),
    ...[...text.matchAll(/\$t\(([^)]*)\)/g)].map(([, key]) => `$t(${key!.replace(/\s+/g, '')})`),
  ].sort();

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

/** Every namespace is a file of the local language. */
const NAMESPACES = namespacesOf(REFERENCE);
/** Namespaces of interface texts (categories.json is checked on its own below). */
const TEXT_NAMESPACES = NAMESPACES.filter((ns) => ns !== 'categories');
/** Every interface text of a language, keys prefixed with their namespace ("manage:nav.admin"). */
const texts = (lng: string) =>
  new Map(
    TEXT_NAMESPACES.flatMap((ns) =>
      [...flatten(read(lng, ns))].map(([key, text]) => [`${ns}:${key}`, text] as const),
    ),
  );

const languages = readdirSync(LOCALES).filter((entry) => !entry.startsWith('.'));
const reference = grouped(texts(REFERENCE));

const referenceCategories = read(REFERENCE, 'categories');

/** How a language's categories.json differs from the local language's, as readable lines. */
function categoryProblems(categories: Tree, expected: Tree): string[] {
  const problems = differences('category', Object.keys(categories), Object.keys(expected));
  for (const [slug, model] of Object.entries(expected)) {
    const entry = categories[slug];
    if (entry === undefined) continue;
    if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) {
      problems.push(`${slug} is not an object`);
      continue;
    }
    problems.push(
      ...differences('key', Object.keys(entry), Object.keys(model)).map((p) => `${slug}: ${p}`),
    );
    for (const [key, value] of Object.entries(model as Tree)) {
      const found = entry[key];
      if (found === undefined) continue;
      if (Array.isArray(value)) {
        if (!Array.isArray(found)) problems.push(`${slug}.${key} is not a list`);
        else if (found.length === 0) problems.push(`${slug}.${key} is empty`);
        else if (found.some((word) => typeof word !== 'string' || word.trim() === ''))
          problems.push(`${slug}.${key} holds an empty word`);
      } else if (typeof found !== 'string') {
        problems.push(`${slug}.${key} is not a text`);
      } else if (found.trim() === '') {
        problems.push(`${slug}.${key} is empty`);
      } else if (placeholders(found).join() !== placeholders(String(value)).join()) {
        problems.push(`${slug}.${key} changes the placeholders`);
      }
    }
  }
  return problems;
}

/** What is wrong with a language's meta entry (common.json), as readable lines. */
function metaProblems(meta: unknown, lng: string): string[] {
  if (meta === null || typeof meta !== 'object' || Array.isArray(meta)) return ['no meta entry'];
  const { nativeName, direction, reviewedBy } = meta as Record<string, unknown>;
  const problems: string[] = [];
  if (typeof nativeName !== 'string' || nativeName.trim() === '') problems.push('no nativeName');
  if (direction !== 'ltr' && direction !== 'rtl') problems.push('direction is not ltr or rtl');
  else if (direction !== i18next.dir(lng))
    problems.push(`direction ${direction}, i18next says ${i18next.dir(lng)}`);
  // Who reviewed the translation, or "not yet reviewed" (literally or in the language itself).
  if (typeof reviewedBy !== 'string' || reviewedBy.trim() === '') problems.push('no reviewedBy');
  return problems;
}

it('ships at least the local language, English and Arabic', () => {
  expect(languages).toEqual(expect.arrayContaining(['fr', 'en', 'ar']));
});

it('finds the namespaces in the local language', () => {
  expect(NAMESPACES).toEqual(expect.arrayContaining(['common', 'categories']));
  expect(TEXT_NAMESPACES.length).toBeGreaterThanOrEqual(1);
  expect(reference.size).toBeGreaterThan(100);
});

describe.each(languages)('locale %s', (lng) => {
  const strings = texts(lng);
  const groups = grouped(strings);

  it('has the namespace files of the local language and no other', () => {
    expect(differences('namespace', namespacesOf(lng), NAMESPACES)).toEqual([]);
  });

  it('holds only texts outside categories.json', () => {
    expect(
      TEXT_NAMESPACES.flatMap((ns) => nonTexts(read(lng, ns)).map((k) => `${ns}:${k}`)),
    ).toEqual([]);
  });

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
    expect(metaProblems(meta, lng)).toEqual([]);
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

  it('has the categories of the local language, each with the same keys, none empty', () => {
    expect(categoryProblems(read(lng, 'categories'), referenceCategories)).toEqual([]);
  });
});

describe('the checks themselves', () => {
  it('tell a formatted placeholder from a plain one', () => {
    expect(placeholders('{{count}} cours')).toEqual(['count']);
    expect(placeholders('{{count, number}} cours')).toEqual(['count, number']);
    expect(placeholders('{{ count ,number }} et $t(a.b)')).toEqual(['$t(a.b)', 'count, number']);
  });

  it('catch a missing or extra namespace file', () => {
    expect(differences('namespace', ['common', 'extra'], ['categories', 'common'])).toEqual([
      'missing namespace categories',
      'extra namespace extra',
    ]);
  });

  it('catch a value that is not a text', () => {
    expect(nonTexts({ a: 'x', b: { c: ['y'], d: 'z' } } as Tree)).toEqual(['b.c']);
  });

  it('catch categories that differ from the local language', () => {
    const expected = {
      housing: { name: 'Logement', description: 'Trouver un toit.', keywords: ['appartement'] },
      health: { name: 'Santé', description: 'Se soigner.', keywords: ['médecin'] },
    } as Tree;
    expect(categoryProblems(expected, expected)).toEqual([]);
    expect(
      categoryProblems(
        {
          housing: { name: ' ', description: 'A roof {{count}}.', keywords: [''], note: 'x' },
          health: { name: ['Health'], description: 'Care.', keywords: 'doctor' },
          cooking: { name: 'Cooking', description: 'Food.', keywords: ['food'] },
        } as unknown as Tree,
        expected,
      ),
    ).toEqual([
      'extra category cooking',
      'housing: extra key note',
      'housing.name is empty',
      'housing.description changes the placeholders',
      'housing.keywords holds an empty word',
      'health.name is not a text',
      'health.keywords is not a list',
    ]);
    expect(categoryProblems({ housing: expected.housing! } as Tree, expected)).toEqual([
      'missing category health',
    ]);
    expect(
      categoryProblems({ ...expected, health: { name: 'x', description: 'y' } } as Tree, expected),
    ).toEqual(['health: missing key keywords']);
  });

  it('catch a meta entry without a name, with the wrong direction or no reviewer', () => {
    expect(
      metaProblems({ nativeName: 'العربية', direction: 'rtl', reviewedBy: 'x' }, 'ar'),
    ).toEqual([]);
    expect(metaProblems({ nativeName: '', direction: 'ltr' }, 'ar')).toEqual([
      'no nativeName',
      'direction ltr, i18next says rtl',
      'no reviewedBy',
    ]);
    expect(metaProblems({ nativeName: 'x', direction: 'left', reviewedBy: '' }, 'fr')).toEqual([
      'direction is not ltr or rtl',
      'no reviewedBy',
    ]);
    expect(metaProblems(undefined, 'fr')).toEqual(['no meta entry']);
  });
});
