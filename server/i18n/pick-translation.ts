// Reading translated text: the visitor's language when it exists, else the local language, and
// say which, so the page can mark the fallback (lang attribute and a notice).

export interface PickedText {
  text: string;
  lang: string;
  fellBack: boolean;
}

type TextMap = Map<string, string> | Record<string, string | undefined> | undefined | null;

function read(map: TextMap, lang: string): string | undefined {
  if (!map) return undefined;
  const value = map instanceof Map ? map.get(lang) : map[lang];
  return value?.trim() ? value : undefined;
}

export function pickTranslation(map: TextMap, lang: string, localLanguage: string): PickedText {
  const own = read(map, lang);
  if (own !== undefined) return { text: own, lang, fellBack: false };
  const local = read(map, localLanguage);
  if (local !== undefined)
    return { text: local, lang: localLanguage, fellBack: lang !== localLanguage };
  return { text: '', lang, fellBack: false };
}

type ListMap = Map<string, string[]> | Record<string, string[] | undefined> | undefined | null;

export function pickTranslatedList(
  map: ListMap,
  lang: string,
  localLanguage: string,
): { items: string[]; lang: string; fellBack: boolean } {
  const get = (l: string) => (map instanceof Map ? map.get(l) : map?.[l]);
  const own = get(lang);
  if (own && own.length > 0) return { items: own, lang, fellBack: false };
  const local = get(localLanguage);
  if (local && local.length > 0)
    return { items: local, lang: localLanguage, fellBack: lang !== localLanguage };
  return { items: [], lang, fellBack: false };
}
