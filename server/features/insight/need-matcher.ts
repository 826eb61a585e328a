// Names the needs a search asked for, from its words: a need is asked for when the words
// contain one of its names or search terms in any language ("dentiste", "طبيب أسنان"). Used
// when counters are written (not on the request's path); the vocabulary is read again every
// few minutes so coordinators' edits show up.
import type { Models } from '../../models';
import { tokenize } from '../../search/search-tokenizer';

const RELOAD_MS = 10 * 60_000;

interface Phrase {
  rest: string[];
  slug: string;
}

export function createNeedMatcher(models: Models) {
  let byFirstWord = new Map<string, Phrase[]>();
  let loadedAt = -Infinity;

  async function load() {
    const needs = await models.Need.find(
      { mergedInto: null },
      { slug: 1, name: 1, terms: 1 },
    ).lean();
    const next = new Map<string, Phrase[]>();
    for (const need of needs) {
      const texts = [
        ...Object.values((need.name ?? {}) as Record<string, string>),
        ...Object.values((need.terms ?? {}) as Record<string, string[]>).flat(),
      ];
      for (const text of texts) {
        const [first, ...rest] = tokenize(text);
        if (!first) continue;
        const phrases = next.get(first) ?? [];
        phrases.push({ rest, slug: need.slug });
        next.set(first, phrases);
      }
    }
    byFirstWord = next;
    loadedAt = Date.now();
  }

  return {
    /** Sorted slugs of the needs whose words appear, in order, in the normalised words. */
    async match(normalised: string): Promise<string[]> {
      if (Date.now() - loadedAt > RELOAD_MS) await load();
      const words = normalised.split(' ');
      const found = new Set<string>();
      words.forEach((word, i) => {
        for (const { rest, slug } of byFirstWord.get(word) ?? []) {
          if (rest.every((w, j) => words[i + 1 + j] === w)) found.add(slug);
        }
      });
      return [...found].sort();
    },
  };
}
