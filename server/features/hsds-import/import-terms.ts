// The file's taxonomy terms and what each means to OneStop: one of our categories, a key of our
// HSDS profile (hsds/hsds-ids.ts), a need (imported as a need of ours), or a term of
// another taxonomy (read, not stored). Terms are few next to services: they are kept whole, and
// each term's meaning is worked out once.
import { PROFILE_TERMS, TAXONOMIES, categoryTermId, profileTermId } from '../../hsds/hsds-ids';
import type { ProfileKey } from '../../hsds/hsds-ids';
import { CATEGORY_SLUGS, SLUG } from '../../models/vocabulary';
import type { CategorySlug } from '../../models/vocabulary';
import { NEEDS_TAXONOMY } from '../../models/need';
import type { Located, RowErrors } from './hsds-dataset';
import { validRows } from './hsds-dataset';
import type { HsdsSource } from './hsds-source';
import type { HsdsRow } from './hsds-tables';
import type { Mapped } from './hsds-to-onestop';
import { IMPORT_DEFAULTS, slugBase } from './hsds-to-onestop';

/** What a term means here; a term meaning nothing to OneStop has none of these. */
export interface TermMeaning {
  category?: CategorySlug;
  profileKey?: ProfileKey;
  needSlug?: string;
}

export interface TermsRead {
  meaning: ReadonlyMap<string, TermMeaning>;
  needs: Mapped[];
  /** Category of each need slug when the file tells it (a service's fallback category). */
  needCategory: ReadonlyMap<string, CategorySlug | undefined>;
  ignoredTerms: number;
}

export interface KnownNeeds {
  /** Slugs of needs already in the database: a term with that code is that need. */
  slugs: ReadonlySet<string>;
  /** Needs in the database by uuid: a parent_id outside the file may name one. */
  byUuid: ReadonlyMap<string, { slug: string; category: CategorySlug }>;
}

// Name-based ids are a SHA-1 each: worked out once, not once per attribute.
const CATEGORY_OF_TERM_ID = new Map(CATEGORY_SLUGS.map((slug) => [categoryTermId(slug), slug]));
const PROFILE_KEYS = Object.keys(PROFILE_TERMS).filter((k): k is ProfileKey => k in PROFILE_TERMS);
const PROFILE_KEY_OF_TERM_ID = new Map(PROFILE_KEYS.map((key) => [profileTermId(key), key]));
const isProfileKey = (code: string | undefined): code is ProfileKey =>
  code !== undefined && code in PROFILE_TERMS;

export async function readTerms(
  source: HsdsSource,
  localLanguage: string,
  known: KnownNeeds,
  errors: RowErrors,
): Promise<TermsRead> {
  const taxonomies = new Map<string, string>();
  for await (const { row } of validRows(source, 'taxonomy', errors))
    taxonomies.set(row.id, row.name);
  const terms = new Map<string, Located<HsdsRow<'taxonomy_term'>>>();
  for await (const where of validRows(source, 'taxonomy_term', errors))
    terms.set(where.row.id, where);

  const taxonomyName = (term: HsdsRow<'taxonomy_term'>) =>
    (term.taxonomy_id && taxonomies.get(term.taxonomy_id)) || term.taxonomy;
  const categoryOfTerm = (term: HsdsRow<'taxonomy_term'>): CategorySlug | undefined => {
    const code = term.code ?? '';
    const slug = CATEGORY_SLUGS.find((s) => s === code);
    if (!slug) return CATEGORY_OF_TERM_ID.get(term.id);
    const taxonomy = taxonomyName(term);
    return !taxonomy || taxonomy === TAXONOMIES.categories.name || taxonomy === NEEDS_TAXONOMY
      ? slug
      : undefined;
  };
  const profileKeyOfTerm = (term: HsdsRow<'taxonomy_term'>): ProfileKey | undefined =>
    PROFILE_KEY_OF_TERM_ID.get(term.id) ??
    (isProfileKey(term.code) && taxonomyName(term) === TAXONOMIES.profile.name
      ? term.code
      : undefined);
  const isNeedTerm = (term: HsdsRow<'taxonomy_term'>) =>
    !categoryOfTerm(term) && !profileKeyOfTerm(term) && taxonomyName(term) === NEEDS_TAXONOMY;
  /** Slug of a term known to be a need term (isNeedTerm): its code when usable, else its name. */
  const slugOfNeedTerm = (term: HsdsRow<'taxonomy_term'>): string =>
    term.code && SLUG.test(term.code) && term.code.length <= 80
      ? term.code
      : slugBase(term.name, 'need');
  const needSlugOf = (term: HsdsRow<'taxonomy_term'>): string | undefined => {
    if (isNeedTerm(term)) return slugOfNeedTerm(term);
    // A term of another taxonomy whose code is one of our needs means that need.
    return term.code && known.slugs.has(term.code) ? term.code : undefined;
  };
  /** Category and parent need of a need term, when the file (or the database) tells them. A
   * JSON export carries only the terms services use, so a parent may be neither. */
  const placeOfNeed = (
    term: HsdsRow<'taxonomy_term'>,
    depth = 0,
  ): { category: CategorySlug; parent: string | null } | undefined => {
    if (!term.parent_id) return undefined;
    const parent = terms.get(term.parent_id)?.row;
    const asCategory =
      (parent && categoryOfTerm(parent)) ?? CATEGORY_OF_TERM_ID.get(term.parent_id);
    if (asCategory) return { category: asCategory, parent: null };
    const knownParent = known.byUuid.get(term.parent_id);
    if (parent && isNeedTerm(parent) && depth < 10) {
      const above = placeOfNeed(parent, depth + 1);
      const slug = slugOfNeedTerm(parent);
      const category = above?.category ?? known.byUuid.get(parent.id)?.category;
      return category ? { category, parent: slug } : undefined;
    }
    return knownParent ? { category: knownParent.category, parent: knownParent.slug } : undefined;
  };

  const meaning = new Map<string, TermMeaning>();
  const needs: Mapped[] = [];
  const needCategory = new Map<string, CategorySlug | undefined>();
  let ignoredTerms = 0;
  for (const where of terms.values()) {
    const term = where.row;
    const category = categoryOfTerm(term);
    const profileKey = profileKeyOfTerm(term);
    const needSlug = needSlugOf(term);
    if (category || profileKey || needSlug)
      meaning.set(term.id, { category, profileKey, needSlug });
    if (category || profileKey) continue;
    if (!isNeedTerm(term)) {
      ignoredTerms++;
      continue;
    }
    const place = placeOfNeed(term);
    const slug = slugOfNeedTerm(term);
    needCategory.set(slug, place?.category);
    needs.push({
      kind: 'taxonomy_term',
      uuid: term.id,
      label: term.name,
      where,
      // Category and parent are the import's only when the file says them; otherwise a new need
      // gets the default category (written on create, never compared).
      fields: { ...(place ?? {}), name: { [localLanguage]: term.name } },
      extra: {},
      onCreate: place ? undefined : { category: IMPORT_DEFAULTS.category, parent: null },
      refs: {},
      slugBase: slug,
    });
  }
  return { meaning, needs, needCategory, ignoredTerms };
}
