// Words in a query that ask for a filter rather than a topic: "gratuit", "مجاني", "ücretsiz",
// "soir", "samedi", "A2", "online"… (per language in filter-words.json). They are taken out of the
// text search and become preferences: results that satisfy them rank first, nothing is removed,
// and the page offers the real filter as one tap. Matching runs on the search tokenizer's folded
// words, so "gratuit"/"Gratuit" and "مجانية"/"مجانيه" are one word.
import { z } from 'zod';
import type { SearchFilters } from './search-engine';
import filterWords from './filter-words.json';
import { tokenize } from './search-tokenizer';

export const INTENTS = [
  'free',
  'evening',
  'saturday',
  'weekend',
  'online',
  'childcare',
  'level',
] as const;
export type IntentName = (typeof INTENTS)[number];

/** One filter the query asked for, as its search parameter (for the "only these" link). */
export interface AskedFilter {
  intent: IntentName;
  param: string;
  value: string;
}

export interface QueryIntent {
  /** The query without its filter words: what the text search looks for. */
  text: string;
  /** The filters the words asked for: results that satisfy them rank first. */
  prefer: SearchFilters;
  asked: AskedFilter[];
}

const PARAMS: Record<Exclude<IntentName, 'level'>, { param: string; value: string }> = {
  free: { param: 'cost', value: 'free' },
  evening: { param: 'time', value: 'evening' },
  saturday: { param: 'day', value: 'sat' },
  weekend: { param: 'weekend', value: '1' },
  online: { param: 'delivery', value: 'online' },
  childcare: { param: 'childcare', value: '1' },
};

const LEVEL = /^[abc][0-2]$/;

// Phrases as folded word sequences, longest first so "free of charge" wins over "free".
const PHRASES: { intent: Exclude<IntentName, 'level'>; words: string[] }[] = Object.entries(
  // Checked once at start-up: a malformed filter-words.json fails loudly here, not mid-search.
  z
    .record(z.string(), z.record(z.string(), z.array(z.string())))
    .parse(Object.fromEntries(Object.entries(filterWords).filter(([key]) => key !== '_comment'))),
)
  .filter(([intent]) => intent in PARAMS)
  .flatMap(([intent, perLanguage]) =>
    Object.values(perLanguage)
      .flat()
      .map((phrase) => ({
        intent: intent as Exclude<IntentName, 'level'>,
        words: tokenize(phrase),
      })),
  )
  .filter((phrase) => phrase.words.length > 0)
  .sort((a, b) => b.words.length - a.words.length);

const RAW_WORD = /[\p{L}\p{M}\p{N}]+(?:['’-][\p{L}\p{M}\p{N}]+)*/gu;

export function readQueryIntent(q: string | undefined): QueryIntent {
  const raw = [...(q ?? '').matchAll(RAW_WORD)].map((m) => m[0]);
  // Each raw word's folded tokens, and which raw word each token came from.
  const tokens: { token: string; from: number }[] = raw.flatMap((word, from) =>
    tokenize(word).map((token) => ({ token, from })),
  );
  const dropped = new Set<number>();
  const found = new Set<Exclude<IntentName, 'level'>>();
  const levels = new Set<string>();
  /** Tokens still to pass over: the rest of a phrase already read. */
  let skip = 0;
  for (const [i, { token, from }] of tokens.entries()) {
    if (skip > 0) {
      skip--;
      continue;
    }
    if (LEVEL.test(token)) {
      levels.add(token.toUpperCase());
      dropped.add(from);
      continue;
    }
    const phrase = PHRASES.find((p) => p.words.every((word, k) => tokens[i + k]?.token === word));
    if (!phrase) continue;
    found.add(phrase.intent);
    for (const t of tokens.slice(i, i + phrase.words.length)) dropped.add(t.from);
    skip = phrase.words.length - 1;
  }
  // A query made only of filter words keeps nothing to search for: every service, preferred
  // ones first.
  const text = raw.filter((_, i) => !dropped.has(i)).join(' ');

  const prefer: SearchFilters = {};
  if (found.has('free')) prefer.free = true;
  if (found.has('evening')) prefer.times = ['evening'];
  if (found.has('saturday')) prefer.days = ['sat'];
  if (found.has('weekend')) prefer.weekend = true;
  if (found.has('online')) prefer.delivery = ['online'];
  if (found.has('childcare')) prefer.childcare = true;
  if (levels.size) prefer.levels = [...levels].sort();

  const asked: AskedFilter[] = [
    ...INTENTS.filter((i): i is Exclude<IntentName, 'level'> => i !== 'level' && found.has(i)).map(
      (intent) => ({ intent, ...PARAMS[intent] }),
    ),
    ...[...levels].sort().map((value) => ({ intent: 'level' as const, param: 'level', value })),
  ];
  return { text, prefer, asked };
}
