// The embedded engine's text index: for each word, the documents holding it and the tier of the
// field it was found in (each word is indexed once per document, at its best tier: only the tier
// ranks, never how often a word occurs). Beside it, the vocabulary of indexed words as a radix
// tree (MiniSearch's SearchableMap), where a query word's typo and word-form variants are looked
// up: only those variants are then read from the index.
//
// Why not a MiniSearch index of the documents: it scores every document of every term (BM25)
// and keeps term frequencies per field, none of which ranking uses; reading plain lists of
// numbers is several times faster and takes a fraction of the memory.
import SearchableMap from 'minisearch/SearchableMap';

/** A document and tier packed in one small integer: number × 4 + tier (tiers are 0 to 3). */
const TIER_BITS = 2;
const TIER_MASK = (1 << TIER_BITS) - 1;

export class WordIndex {
  /** Packed entries (see TIER_BITS) per word. */
  private readonly entries = new Map<string, number[]>();
  /** Indexed words, for typo and prefix lookups. */
  readonly vocabulary = new SearchableMap<true>();
  /** A document's current number; replaced or removed documents' numbers are retired. */
  private readonly numberOf = new Map<string, number>();
  /** Ids by number; undefined for a retired number, whose entries searches skip. */
  private readonly idOf: (string | undefined)[] = [];
  private retired = 0;

  has(id: string): boolean {
    return this.numberOf.has(id);
  }

  /** Indexes (or re-indexes) a document: its words, each with the tier it was found in. */
  set(id: string, words: Iterable<[string, number]>): void {
    this.delete(id);
    const n = this.idOf.push(id) - 1;
    this.numberOf.set(id, n);
    for (const [word, tier] of words) {
      if (!word) continue;
      let list = this.entries.get(word);
      if (!list) {
        this.entries.set(word, (list = []));
        this.vocabulary.set(word, true);
      }
      list.push((n << TIER_BITS) | tier);
    }
  }

  delete(id: string): void {
    const n = this.numberOf.get(id);
    if (n === undefined) return;
    this.numberOf.delete(id);
    this.idOf[n] = undefined;
    // Retired entries cost a skipped number each; swept once they are a quarter of the index.
    if (++this.retired > Math.max(1000, this.numberOf.size / 4)) this.sweep();
  }

  /** Calls back for each current document holding the word, with the tier it was found in. */
  forEach(word: string, visit: (id: string, tier: number) => void): void {
    const list = this.entries.get(word);
    if (!list) return;
    for (const entry of list) {
      const id = this.idOf[entry >> TIER_BITS];
      if (id !== undefined) visit(id, entry & TIER_MASK);
    }
  }

  /** Drops the entries of retired numbers, and the words no current document holds. */
  private sweep(): void {
    for (const [word, list] of this.entries) {
      const kept = list.filter((entry) => this.idOf[entry >> TIER_BITS] !== undefined);
      if (kept.length > 0) this.entries.set(word, kept);
      else {
        this.entries.delete(word);
        this.vocabulary.delete(word);
      }
    }
    this.retired = 0;
  }
}

/** The beginning every other form of the word starts with (sameStem: at least four letters, and
 * the word's own ending is at most three letters long). */
const stemOf = (word: string) => word.slice(0, Math.max(4, word.length - 3));

/** Indexed words that are the word itself, one typo away (words of five letters or more) or
 * another form of it (`sameStem`, given by the tokenizer). */
export function variantsOf(
  vocabulary: SearchableMap<true>,
  word: string,
  sameStem: (a: string, b: string) => boolean,
): string[] {
  const found = new Set([word]);
  if (word.length >= 5)
    for (const variant of vocabulary.fuzzyGet(word, 1).keys()) found.add(variant);
  // Other forms share the word's stem: the vocabulary lists the words starting with it, sameStem
  // keeps those that are forms of this one.
  if (word.length >= 4) {
    for (const variant of vocabulary.atPrefix(stemOf(word)).keys())
      if (sameStem(word, variant)) found.add(variant);
  }
  return [...found];
}
