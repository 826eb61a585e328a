// i18next set-up: every locales/<lng>/<namespace>.json of the configured languages is loaded once,
// synchronously, at start-up; requests get a fixed-language `t` from it.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import i18next from 'i18next';
import type { i18n as I18n, Resource, TFunction } from 'i18next';
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
    resources[lng] = {};
    for (const file of readdirSync(dir).filter((name) => name.endsWith('.json'))) {
      resources[lng]![path.basename(file, '.json')] = JSON.parse(
        readFileSync(path.join(dir, file), 'utf8'),
      );
    }
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

/**
 * A fixed-language `t` that remembers texts without interpolation. A search page asks for a few
 * hundred labels; i18next resolves each from scratch, which was the largest cost of the page.
 */
export function createTranslators(i18n: I18n): (lang: string) => TFunction {
  const translators = new Map<string, TFunction>();
  return (lang) => {
    let translator = translators.get(lang);
    if (!translator) {
      const fixed = i18n.getFixedT(lang);
      const plain = new Map<string, string>();
      translator = ((key: string, options?: Record<string, unknown>) => {
        if (options && Object.keys(options).length > 0) return fixed(key, options);
        let text = plain.get(key);
        if (text === undefined) {
          text = fixed(key) as string;
          plain.set(key, text);
        }
        return text;
      }) as unknown as TFunction;
      translators.set(lang, translator);
    }
    return translator;
  };
}
