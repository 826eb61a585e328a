// Demo translations (issue #16): seed/demo/translations/<lng>.json hold what the hand-written demo
// data lacks in each language (service names, summaries, access and cost notes, places' transport
// notes, the documents of DOCS). They are merged into the seeded records without overwriting any
// text already there (hand-written, or edited since by a provider or translator), and each
// language they add is marked as a demo translation nobody reviewed yet.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { Models } from '../../server/models';
import type { TranslationMark } from '../../server/models/translation-marks';
import { LANGUAGE_CODE } from '../../server/models/vocabulary';
import { projectPath } from '../../server/paths';
import { DOCS } from './helpers';
import { ORGANISATIONS } from './organisations';
import { SERVICES } from './services';

export const DEMO_TRANSLATIONS_DIR = projectPath('seed', 'demo', 'translations');

const text = z.string().trim().min(1).max(5000);
const demoTranslationFile = z.object({
  language: z.string().regex(LANGUAGE_CODE),
  services: z
    .record(
      z.string(),
      z.object({
        name: text.optional(),
        summary: text.optional(),
        accessNote: text.optional(),
        costNote: text.optional(),
      }),
    )
    .default({}),
  places: z.record(z.string(), text).default({}),
  documents: z.record(z.string(), text).default({}),
});
export type DemoTranslationFile = z.infer<typeof demoTranslationFile>;

/**
 * Every language file that exists and parses. Files being written (cut short, or not JSON yet)
 * are reported in `problems` and left out, so the demo still starts with the others.
 */
export function loadDemoTranslations(dir = DEMO_TRANSLATIONS_DIR) {
  const files: DemoTranslationFile[] = [];
  const problems: string[] = [];
  if (!existsSync(dir)) return { files, problems };
  for (const name of readdirSync(dir)
    .filter((n) => n.endsWith('.json'))
    .sort()) {
    try {
      const parsed = demoTranslationFile.parse(
        JSON.parse(readFileSync(path.join(dir, name), 'utf8')),
      );
      if (`${parsed.language}.json` !== name) throw new Error(`language ${parsed.language}`);
      files.push(parsed);
    } catch (error) {
      problems.push(`${name}: ${String(error).slice(0, 300)}`);
    }
  }
  return { files, problems };
}

/** The DOCS key of each local-language document text (services' lists are built by docs()). */
function docKeyByText(localLanguage: string): Map<string, string> {
  const byText = new Map<string, string>();
  for (const [key, texts] of Object.entries(DOCS)) {
    const local = (texts as Record<string, string>)[localLanguage];
    if (local) byText.set(local, key);
  }
  return byText;
}

type Plain = Record<string, unknown>;
const textsOf = (value: unknown) => (value ?? {}) as Record<string, string | undefined>;
const has = (value: string | undefined) => Boolean(value?.trim());

/** The `$set` that adds one language's missing texts to a stored service ({} when none). */
export function serviceAdditions(
  service: Plain,
  file: DemoTranslationFile,
  localLanguage: string,
  docKeys: Map<string, string>,
): Record<string, unknown> {
  const lng = file.language;
  const own = file.services[String(service.slug)];
  const set: Record<string, unknown> = {};
  const add = (field: string, current: unknown, value: string | undefined, needsLocal = false) => {
    const texts = textsOf(current);
    if (!value || has(texts[lng])) return;
    if (needsLocal && !has(texts[localLanguage])) return;
    set[`${field}.${lng}`] = value;
  };
  const access = (service.access ?? {}) as Plain;
  const cost = (service.cost ?? {}) as Plain;
  add('name', service.name, own?.name);
  add('summary', service.summary, own?.summary);
  add('access.note', access.note, own?.accessNote, true);
  add('cost.note', cost.note, own?.costNote, true);
  const lists = (service.documents ?? {}) as Record<string, string[] | undefined>;
  const localList = lists[localLanguage] ?? [];
  if (localList.length > 0 && !lists[lng]?.length) {
    // The file's text, else the one DOCS holds for that language (ar, uk, fa, es): docs() puts
    // those only in the services that ask for them.
    const translated = localList.map((item) => {
      const key = docKeys.get(item) ?? '';
      return file.documents[key] ?? (DOCS as Record<string, Record<string, string>>)[key]?.[lng];
    });
    // Only a whole list: half a list in the reader's language would hide the other half.
    if (translated.every(Boolean)) set[`documents.${lng}`] = translated;
  }
  return set;
}

/** When the added texts count as written: before any later change of the local text. */
function markFor(record: Plain, localLanguage: string, now: Date): TranslationMark {
  const localChanged = textsOf(record.textUpdatedAt)[localLanguage];
  // The local text changed after the record was created: the demo translation is of the older
  // text, so it is dated at creation and shows as outdated.
  const at = localChanged && record.createdAt ? new Date(record.createdAt as string) : now;
  return { by: 'demo', at, reviewed: false };
}

function setPath(record: Plain, dotted: string, value: unknown) {
  const parts = dotted.split('.');
  let node = record;
  for (const part of parts.slice(0, -1)) {
    node[part] = { ...((node[part] as Plain | undefined) ?? {}) };
    node = node[part] as Plain;
  }
  node[parts[parts.length - 1]!] = value;
}

/**
 * For a fresh seed: puts the demo translations into the records before they are inserted (one
 * write each instead of an insert and an update). Copies every object it changes: the demo
 * data's own objects are shared by every seed in the process.
 */
export function demoTranslationsForSeed(options: { localLanguage?: string; now: Date }) {
  const localLanguage = options.localLanguage ?? 'fr';
  const files = loadDemoTranslations().files.filter((f) => f.language !== localLanguage);
  const docKeys = docKeyByText(localLanguage);
  const mark = (): TranslationMark => ({ by: 'demo', at: options.now, reviewed: false });
  return {
    service<T extends Plain>(doc: T): T {
      const out: Plain = { ...doc };
      for (const file of files) {
        const additions = serviceAdditions(out, file, localLanguage, docKeys);
        if (Object.keys(additions).length === 0) continue;
        for (const [path, value] of Object.entries(additions)) setPath(out, path, value);
        setPath(out, `translations.${file.language}`, mark());
      }
      return out as T;
    },
    location<T extends Plain & { transport?: Record<string, string | undefined> }>(
      doc: T,
      key: string,
    ): T {
      const out: Plain = { ...doc };
      for (const file of files) {
        const transport = textsOf(out.transport);
        const value = file.places[key];
        if (!value || !has(transport[localLanguage]) || has(transport[file.language])) continue;
        setPath(out, `transport.${file.language}`, value);
        setPath(out, `translations.${file.language}`, mark());
      }
      return out as T;
    },
  };
}

/**
 * Adds the demo translations to the seeded services and places where that language is absent;
 * never overwrites. Used by the seed and at every start-up (a file added since the last start).
 * Returns how many records changed (the search index must then be rebuilt).
 */
export async function addDemoTranslations(
  models: Models,
  options: { localLanguage?: string; dir?: string; now?: Date } = {},
): Promise<{ services: number; places: number; problems: string[] }> {
  const localLanguage = options.localLanguage ?? 'fr';
  const now = options.now ?? new Date();
  const { files, problems } = loadDemoTranslations(options.dir);
  const usable = files.filter((f) => f.language !== localLanguage);
  if (usable.length === 0) return { services: 0, places: 0, problems };
  const docKeys = docKeyByText(localLanguage);

  let services = 0;
  const stored = await models.Service.find(
    {},
    {
      slug: 1,
      name: 1,
      summary: 1,
      access: 1,
      cost: 1,
      documents: 1,
      textUpdatedAt: 1,
      translations: 1,
      createdAt: 1,
    },
  ).lean<Plain[]>();
  const demoSlugs = new Set(SERVICES.map((s) => s.slug));
  for (const service of stored) {
    if (!demoSlugs.has(String(service.slug))) continue;
    const set: Record<string, unknown> = {};
    for (const file of usable) {
      const additions = serviceAdditions(service, file, localLanguage, docKeys);
      if (Object.keys(additions).length === 0) continue;
      Object.assign(set, additions);
      if (!textsOf(service.translations)[file.language]) {
        set[`translations.${file.language}`] = markFor(service, localLanguage, now);
      }
    }
    if (Object.keys(set).length === 0) continue;
    await models.Service.updateOne({ _id: service._id }, { $set: set });
    services++;
  }

  let places = 0;
  const orgIds = new Map(
    (await models.Organisation.find({}, { slug: 1 }).lean()).map((o) => [String(o._id), o.slug]),
  );
  const demoOrgs = new Set(ORGANISATIONS.map((o) => o.slug));
  const locations = await models.Location.find(
    {},
    { organisation: 1, key: 1, transport: 1, textUpdatedAt: 1, translations: 1, createdAt: 1 },
  ).lean<Plain[]>();
  for (const location of locations) {
    const orgSlug = orgIds.get(String(location.organisation));
    if (!orgSlug || !demoOrgs.has(orgSlug)) continue;
    const key = `${orgSlug}/${String(location.key)}`;
    const transport = textsOf(location.transport);
    if (!has(transport[localLanguage])) continue;
    const set: Record<string, unknown> = {};
    for (const file of usable) {
      const value = file.places[key];
      if (!value || has(transport[file.language])) continue;
      set[`transport.${file.language}`] = value;
      if (!textsOf(location.translations)[file.language]) {
        set[`translations.${file.language}`] = markFor(location, localLanguage, now);
      }
    }
    if (Object.keys(set).length === 0) continue;
    await models.Location.updateOne({ _id: location._id }, { $set: set });
    places++;
  }
  return { services, places, problems };
}
