// Tokenizer for every script the interface supports (Latin with diacritics, Cyrillic, Arabic,
// Ethiopic…), given to MiniSearch for the embedded engine's index and its queries. Library
// defaults fall short (Orama's kept only Latin words and folded no accents: FIELD-NOTES,
// 2026-11-23); Intl.Segmenter finds words in any script. Folding removes Latin/Cyrillic
// diacritics and Arabic harakat and tatweel, so "francais" finds "français" and vocalised Arabic
// finds plain Arabic; other marks (which carry meaning in e.g. Devanagari) are kept.
const segmenter = new Intl.Segmenter(undefined, { granularity: 'word' });
const FOLDED_MARKS = /[\u0300-\u036f\u064b-\u065f\u0670\u0640]/g;

// Arabic-script spelling variants people type interchangeably: alef forms, final ya/alef
// maqsura, ta marbuta/ha; and the Persian, Urdu and Pashto letters an Arabic keyboard writes
// with their Arabic twins (ی/ي, ک/ك, ہ ۀ ھ/ه, ے/ي), so "فرانسیسی" typed either way is one word.
const ARABIC_VARIANTS: Record<string, string> = {
  أ: 'ا',
  إ: 'ا',
  آ: 'ا',
  ٱ: 'ا',
  ى: 'ي',
  ی: 'ي',
  ې: 'ي',
  ے: 'ي',
  ة: 'ه',
  ۀ: 'ه',
  ہ: 'ه',
  ھ: 'ه',
  ک: 'ك',
};
const ARABIC_VARIANT = /[أإآٱىیېےةۀہھک]/g;
// Arabic-Indic and Persian digits: "٣" and "3" are the same number.
const EASTERN_DIGIT = /[\u0660-\u0669\u06f0-\u06f9]/g;
// These letters and digits are all in the Basic Multilingual Plane: one UTF-16 unit each.
const westernDigit = (ch: string) => String((ch.charCodeAt(0) - 0x0660) % 0x90);

// Ge'ez (Ethiopic) letters are syllables, a consonant row of eight vowel orders. Tigrinya and
// Amharic spelling varies in the vowel of a word's last syllable ("ትምህርቲ"/"ትምህርት") and between
// letters that sound alike (ሠ/ሰ, ፀ/ጸ): the last syllable is read as its bare consonant (sixth
// order) and the twins as one letter.
const ETHIOPIC_TWIN = /[\u1220-\u1227\u1340-\u1347]/gu;
const ethiopicTwin = (ch: string) => {
  const code = ch.charCodeAt(0);
  return String.fromCodePoint(code < 0x1300 ? code + 0x10 : code - 0x08);
};
const ETHIOPIC_SYLLABLE = /[\u1200-\u1357]$/u;
function foldEthiopicEnding(word: string): string {
  if (word.length < 2 || !ETHIOPIC_SYLLABLE.test(word)) return word;
  const code = word.charCodeAt(word.length - 1);
  const order = (code - 0x1200) % 8;
  // The eighth order is a labialised consonant, not a vowel of the same one: kept.
  return order === 7 ? word : word.slice(0, -1) + String.fromCodePoint(code - order + 5);
}
// The definite article and its fused prepositions: "الفرنسية" is found by "فرنسية".
const ARABIC_ARTICLE = /^(?:وال|بال|فال|كال|لل|ال)(?=\p{Script=Arabic}{3,})/u;

export function normaliseText(text: string): string {
  return text
    .normalize('NFD')
    .replace(FOLDED_MARKS, '')
    .normalize('NFC')
    .toLowerCase()
    .replace(ARABIC_VARIANT, (ch) => ARABIC_VARIANTS[ch] ?? ch)
    .replace(EASTERN_DIGIT, westernDigit)
    .replace(ETHIOPIC_TWIN, ethiopicTwin);
}

// Scripts written without spaces between words need a real word segmenter; every script the
// interface ships (Latin, Cyrillic, Arabic, Ethiopic…) separates words with spaces or
// punctuation, which a regular expression finds five times faster than Intl.Segmenter (it was
// half the time of building the index).
const NEEDS_SEGMENTER =
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u;
const WORD = /[\p{L}\p{M}\p{N}]+(?:['’][\p{L}\p{M}\p{N}]+)*/gu;

function* words(normalised: string): Generator<string> {
  if (NEEDS_SEGMENTER.test(normalised)) {
    for (const segment of segmenter.segment(normalised))
      if (segment.isWordLike) yield segment.segment;
  } else {
    for (const match of normalised.matchAll(WORD)) yield match[0];
  }
}

export function tokenize(text: string): string[] {
  const tokens: string[] = [];
  for (const word of words(normaliseText(text))) {
    // French elision: "d'alphabétisation" is found by "alphabétisation" (the "d" is dropped).
    const parts = word.split(/['’]/).filter((part) => part.length > 0);
    for (const part of parts.length > 1 ? parts.filter((p) => p.length > 1) : parts) {
      tokens.push(foldEthiopicEnding(part.replace(ARABIC_ARTICLE, '')));
    }
  }
  return tokens;
}

/**
 * True when a and b look like two forms of one word: they share a beginning of at least four
 * letters that leaves at most three letters of each, and at most two of the shorter one
 * ("курси"/"курсы", "kurs"/"kursu", "французька"/"французької", "فرنسي"/"فرنسيه"). A light,
 * script-independent stand-in for stemming plurals and case endings.
 */
export function sameStem(a: string, b: string): boolean {
  if (a === b) return true;
  const shorter = Math.min(a.length, b.length);
  if (shorter < 4 || Math.abs(a.length - b.length) > 3) return false;
  let p = 0;
  while (p < shorter && a[p] === b[p]) p++;
  return p >= 4 && p >= shorter - 2 && a.length - p <= 3 && b.length - p <= 3;
}
