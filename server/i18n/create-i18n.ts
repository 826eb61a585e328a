// i18next set-up: every locales/<lng>/<namespace>.json of the configured languages is loaded once,
// synchronously, at start-up; requests get a fixed-language `t` from it.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import i18next from 'i18next';
import type { i18n as I18n, Resource, ResourceKey, ResourceLanguage, TFunction } from 'i18next';
import { projectPath } from '../paths';

export type { I18n, TFunction };

export const DEFAULT_NAMESPACE = 'common';

export function loadLocaleResources(
  languages: readonly string[],
  localesDir = projectPath('locales'),
): Resource {
  const resources: Resource = {};
  for (const lng of languages) {
    const dir = path.join(localesDir, lng);
    if (!existsSync(dir)) throw new Error(`No translations for language "${lng}" (missing ${dir})`);
    const namespaces: ResourceLanguage = {};
    for (const file of readdirSync(dir).filter((name) => name.endsWith('.json'))) {
      namespaces[path.basename(file, '.json')] = JSON.parse(
        readFileSync(path.join(dir, file), 'utf8'),
      ) as ResourceKey;
    }
    resources[lng] = namespaces;
  }
  return resources;
}

export function createI18n(options: { languages: readonly string[]; localLanguage: string }): I18n {
  const resources = loadLocaleResources(options.languages);
  const instance = i18next.createInstance();
  void instance.init({
    resources,
    supportedLngs: [...options.languages],
    fallbackLng: options.localLanguage,
    ns: Object.keys(resources[options.localLanguage] ?? {}),
    defaultNS: DEFAULT_NAMESPACE,
    // Handlebars escapes what `t` returns; escaping here too would show "&amp;" to readers.
    interpolation: { escapeValue: false },
    returnNull: false,
    initAsync: false,
  });
  return instance;
}

/** Text direction for a language, from i18next's list of right-to-left languages. */
export function directionOf(i18n: I18n, lng: string): 'ltr' | 'rtl' {
  return i18n.dir(lng);
}

/** Most interpolated texts kept per language (a page's counts, amounts and dates repeat). */
const REMEMBERED = 20_000;

const primitive = (value: unknown) =>
  typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';

/**
 * A fixed-language `t` that remembers its texts. A search page asks for a few hundred labels and
 * i18next resolves each from scratch (plural rules, interpolation), which was the largest cost of
 * the page: "Checked 3 days ago" or "CHF 120.00" come back on card after card, so a text whose
 * options are plain values is kept under its key and options.
 */
export function createTranslators(i18n: I18n): (lang: string) => TFunction {
  const translators = new Map<string, TFunction>();
  return (lang) => {
    let translator = translators.get(lang);
    if (!translator) {
      const fixed = i18n.getFixedT(lang);
      const remembered = new Map<string, string>();
      // The one cast left here (issue #19): i18next's TFunction is a branded type with generic
      // overloads per key and namespace that no hand-written function can be declared as; this
      // one takes the same (key, options) and returns what `fixed` returns.
      translator = ((key: string, options?: Record<string, unknown>) => {
        const values = options ? Object.values(options) : [];
        if (!values.every(primitive)) return fixed(key, options);
        const id = values.length ? `${key}\u0000${JSON.stringify(options)}` : key;
        let text = remembered.get(id);
        if (text === undefined) {
          const made: string = fixed(key, options);
          text = made;
          if (remembered.size >= REMEMBERED) remembered.clear();
          remembered.set(id, text);
        }
        return text;
      }) as unknown as TFunction;
      translators.set(lang, translator);
    }
    return translator;
  };
}
