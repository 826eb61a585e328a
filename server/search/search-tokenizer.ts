// Tokenizer for every script the interface supports (Latin with diacritics, Cyrillic, Arabic,
// Ethiopic…). Orama's default keeps only Latin words and does not fold accents (FIELD-NOTES,
// 2026-11-23); Intl.Segmenter finds words in any script. Folding removes Latin/Cyrillic
// diacritics and Arabic harakat and tatweel, so "francais" finds "français" and vocalised Arabic
// finds plain Arabic; other marks (which carry meaning in e.g. Devanagari) are kept.
const segmenter = new Intl.Segmenter(undefined, { granularity: 'word' });
const FOLDED_MARKS = /[\u0300-\u036f\u064b-\u065f\u0670\u0640]/g;

// Arabic spelling variants people type interchangeably: alef forms, final ya/alef maqsura,
// ta marbuta/ha.
const ARABIC_VARIANTS: Record<string, string> = { أ: 'ا', إ: 'ا', آ: 'ا', ى: 'ي', ة: 'ه' };
const ARABIC_VARIANT = /[أإآىة]/g;
// The definite article and its fused prepositions: "الفرنسية" is found by "فرنسية".
const ARABIC_ARTICLE = /^(?:وال|بال|فال|كال|لل|ال)(?=\p{Script=Arabic}{3,})/u;

export function normaliseText(text: string): string {
  return text
    .normalize('NFD')
    .replace(FOLDED_MARKS, '')
    .normalize('NFC')
    .toLowerCase()
    .replace(ARABIC_VARIANT, (ch) => ARABIC_VARIANTS[ch] ?? ch);
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
      tokens.push(part.replace(ARABIC_ARTICLE, ''));
    }
  }
  return tokens;
}
