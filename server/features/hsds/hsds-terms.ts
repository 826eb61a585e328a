// The vocabulary in the language asked: category terms, need terms (their parent a broader need
// or their category) and the profile's terms, plus the need uuids services point to by slug.
import { pickTranslation } from '../../i18n/pick-translation';
import type { Models } from '../../models';
import { PROFILE_TERMS, TAXONOMIES, categoryTermId, profileTermId } from '../../hsds/hsds-ids';
import type { HsdsTerm, MappingContext } from './hsds-records';

export async function termsContext(
  models: Models,
  options: { lang: string; localLanguage: string; country: string },
): Promise<MappingContext> {
  const { lang, localLanguage, country } = options;
  const [categories, needs] = await Promise.all([
    models.Category.find({}, { slug: 1, name: 1, description: 1, order: 1 })
      .sort({ order: 1 })
      .lean(),
    models.Need.find(
      {},
      { uuid: 1, slug: 1, category: 1, parent: 1, name: 1, mergedInto: 1 },
    ).lean(),
  ]);
  const pick = (map: unknown) => pickTranslation(map as Map<string, string>, lang, localLanguage);
  const terms = new Map<string, HsdsTerm>();
  for (const c of categories) {
    const name = pick(c.name);
    terms.set(categoryTermId(c.slug), {
      id: categoryTermId(c.slug),
      code: c.slug,
      name: name.text,
      description: pick(c.description).text || name.text,
      taxonomy: TAXONOMIES.categories.name,
      taxonomy_id: TAXONOMIES.categories.id,
      language: name.lang,
    });
  }
  const bySlug = new Map(needs.map((n) => [n.slug, n]));
  const needIds = new Map<string, string>();
  for (const n of needs) {
    // A merged need answers for its target (services were moved to it).
    let target = n;
    for (let hops = 0; target.mergedInto && hops < 10; hops++)
      target = bySlug.get(target.mergedInto) ?? target;
    needIds.set(n.slug, target.uuid);
    if (n.mergedInto) continue;
    const name = pick(n.name);
    const parent = n.parent ? bySlug.get(n.parent)?.uuid : undefined;
    terms.set(n.uuid, {
      id: n.uuid,
      code: n.slug,
      name: name.text,
      description: name.text,
      taxonomy: TAXONOMIES.needs.name,
      taxonomy_id: TAXONOMIES.needs.id,
      parent_id: parent ?? categoryTermId(n.category),
      language: name.lang,
    });
  }
  for (const [key, description] of Object.entries(PROFILE_TERMS)) {
    const id = profileTermId(key as keyof typeof PROFILE_TERMS);
    terms.set(id, {
      id,
      code: key,
      name: key,
      description,
      taxonomy: TAXONOMIES.profile.name,
      taxonomy_id: TAXONOMIES.profile.id,
      language: 'en',
    });
  }
  return { lang, localLanguage, country, terms, needIds };
}
