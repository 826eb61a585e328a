// Tokenizer for every script the interface supports (Latin with diacritics, Cyrillic, Arabic,
// Ethiopic…). Orama's default keeps only Latin words and does not fold accents (FIELD-NOTES,
// 2026-11-23); Intl.Segmenter finds words in any script. Folding removes Latin/Cyrillic
// diacritics and Arabic harakat and tatweel, so "francais" finds "français" and vocalised Arabic
// finds plain Arabic; other marks (which carry meaning in e.g. Devanagari) are kept.
const segmenter = new Intl.Segmenter(undefined, { granularity: 'word' });
const FOLDED_MARKS = /[\u0300-\u036f\u064b-\u065f\u0670\u0640]/g;

export function normaliseText(text: string): string {
  return text.normalize('NFD').replace(FOLDED_MARKS, '').normalize('NFC').toLowerCase();
}

export function tokenize(text: string): string[] {
  const tokens: string[] = [];
  for (const segment of segmenter.segment(normaliseText(text))) {
    if (!segment.isWordLike) continue;
    // French elision: "d'alphabétisation" is found by "alphabétisation".
    for (const part of segment.segment.split(/['’]/))
      if (part.length > 1 || tokens.length === 0) tokens.push(part);
  }
  return tokens;
}
