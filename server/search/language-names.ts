// Names of languages in every shipped language ("français", "French", "Fransızca", "الفرنسية",
// "ፈረንሳይኛ"…), from the runtime's own CLDR data (Intl.DisplayNames), folded like indexed words.
// A query word that names a language ("French course", "Deutschkurs", "курси французької") asks
// for courses of that language, not for every course whose category keywords mention one.
import { SHIPPED_LANGUAGES } from '../config';
import { sameStem, tokenize } from './search-tokenizer';

/** Folded name word → ISO 639-1 code. Words under four letters are left out (too ambiguous). */
export const LANGUAGE_NAME_WORDS: ReadonlyMap<string, string> = (() => {
  const words = new Map<string, string>();
  for (const ui of SHIPPED_LANGUAGES) {
    const names = new Intl.DisplayNames([ui], { type: 'language', fallback: 'none' });
    for (const code of SHIPPED_LANGUAGES) {
      const name = names.of(code);
      if (!name) continue;
      for (const word of tokenize(name))
        if (word.length >= 4 && !words.has(word)) words.set(word, code);
    }
  }
  return words;
})();

/** Each name as the runtime writes it, lower-cased (for Meilisearch synonyms) → code. */
export const LANGUAGE_NAMES: ReadonlyMap<string, string> = new Map(
  SHIPPED_LANGUAGES.flatMap((ui) => {
    const names = new Intl.DisplayNames([ui], { type: 'language', fallback: 'none' });
    return SHIPPED_LANGUAGES.map(
      (code) => [names.of(code)?.toLocaleLowerCase(ui) ?? '', code] as const,
    );
  }).filter(([name]) => name.length >= 4),
);

export interface LanguageSense {
  code: string;
  /** The word is a name as written; otherwise another form of it ("французької") or a compound
   * starting with it ("deutschkurs"). */
  exact: boolean;
}

const senses = new Map<string, LanguageSense | null>();

/** The language a query word names, if any. */
export function languageOfWord(word: string): LanguageSense | null {
  const known = senses.get(word);
  if (known !== undefined) return known;
  let sense: LanguageSense | null = null;
  const exact = LANGUAGE_NAME_WORDS.get(word);
  if (exact) sense = { code: exact, exact: true };
  else {
    for (const [name, code] of LANGUAGE_NAME_WORDS) {
      // Another form of the name, or a compound that starts with it ("französischkurs").
      if (
        sameStem(word, name) ||
        (name.length >= 5 && word.length >= name.length + 3 && word.startsWith(name))
      ) {
        sense = { code, exact: false };
        break;
      }
    }
  }
  if (senses.size > 10_000) senses.clear();
  senses.set(word, sense);
  return sense;
}
