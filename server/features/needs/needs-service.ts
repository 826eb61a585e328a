// The vocabulary of needs, kept by coordinators at /{lang}/admin/needs: list, add, rename, edit
// the search terms of each language, merge one need into another. Every change reaches search at
// once: the indexer forgets the needs it kept and re-indexes the services carrying the need
// (through its outbox, so both engines get it, and a change made while the engine is away waits).
import { z } from 'zod';
import type { Actor } from '../../auth/actor';
import { ConflictError, FormError, NotFoundError } from '../../errors';
import type { Models } from '../../models';
import type { Lean, LeanWithOptional } from '../../models/lean';
import type { NeedDoc } from '../../models/need';
import type { ServiceDoc } from '../../models/service';
import { NEEDS_TAXONOMY, changedLanguages } from '../../models/need';
import { hashedUuid } from '../../models/uuid';
import type { CategorySlug } from '../../models/vocabulary';
import { CATEGORY_SLUGS, SLUG, slugFrom } from '../../models/vocabulary';
import type { AuditLog } from '../../moderation/audit-log';
import type { Indexer } from '../../search/indexer';
import { reindexServicesCarrying } from '../../search/reindex-needs';
import type { NeedView } from '../../view-models/needs-view-models';

type Texts = Record<string, string>;

export interface NeedInput {
  category: CategorySlug;
  parent: string | null;
  name: Texts;
  terms: Record<string, string[]>;
}

/** The same UUID for the same key on every run: HSDS ids for slugs. */
const stableUuid = (key: string): string => hashedUuid(`onestop:${key}`);

const viewOf = (need: Lean<NeedDoc>): NeedView => ({
  id: String(need._id),
  slug: need.slug,
  category: need.category,
  parent: need.parent ?? null,
  name: { ...need.name },
  terms: { ...need.terms },
});

/** What the audit log shows of a need: terms as one line per language. */
const auditedOf = (need: NeedView | NeedInput) => ({
  category: need.category,
  parent: need.parent ?? '',
  name: need.name,
  terms: Object.fromEntries(Object.entries(need.terms).map(([lng, t]) => [lng, t.join(' | ')])),
});

export function createNeedsService(deps: {
  models: Models;
  audit: AuditLog;
  indexer: Indexer;
  localLanguage: string;
  now?: () => Date;
}) {
  const { Need, Service } = deps.models;
  const now = deps.now ?? (() => new Date());
  const { audit, indexer } = deps;

  /** Needs offered today (merged ones are kept only so the seed files do not bring them back). */
  async function active(): Promise<NeedView[]> {
    const needs = await Need.find({ mergedInto: null }).lean<Lean<NeedDoc>[]>();
    return needs
      .map(viewOf)
      .sort(
        (a, b) =>
          CATEGORY_SLUGS.indexOf(a.category) - CATEGORY_SLUGS.indexOf(b.category) ||
          (a.name[deps.localLanguage] ?? a.slug).localeCompare(
            b.name[deps.localLanguage] ?? b.slug,
            deps.localLanguage,
          ),
      );
  }

  async function find(slug: string) {
    const need = await Need.findOne({ slug, mergedInto: null });
    if (!need) throw new NotFoundError('need');
    return need;
  }

  /** The parent must be another need of the same category, and not below this one. */
  function checkParent(slug: string | null, input: NeedInput, all: NeedView[]): void {
    if (!input.parent) return;
    const bySlug = new Map(all.map((n) => [n.slug, n]));
    const parent = bySlug.get(input.parent);
    if (!parent || parent.slug === slug || parent.category !== input.category) {
      throw new FormError({ parent: 'chooseOne' });
    }
    // Walking up from the parent must not meet this need (no loops).
    const seen = new Set<string>();
    for (
      let at: NeedView | undefined = parent;
      at;
      at = at.parent ? bySlug.get(at.parent) : undefined
    ) {
      if (at.slug === slug || seen.has(at.slug)) throw new FormError({ parent: 'chooseOne' });
      seen.add(at.slug);
    }
  }

  const reindexCarrying = (slugs: string[]) => reindexServicesCarrying(deps.models, indexer, slugs);

  return {
    list: active,

    /** Needs with the number of services (any status) carrying each. */
    async listWithCounts() {
      const [needs, services] = await Promise.all([
        active(),
        Service.find({ status: { $ne: 'archived' } }, { needs: 1 }).lean<
          LeanWithOptional<ServiceDoc, 'needs'>[]
        >(),
      ]);
      const count = new Map<string, number>();
      for (const s of services)
        for (const n of s.needs ?? []) count.set(n, (count.get(n) ?? 0) + 1);
      return needs.map((n) => ({ ...n, services: count.get(n.slug) ?? 0 }));
    },

    /**
     * The vocabulary as an HSDS 3 taxonomy: one `taxonomy` and its `taxonomy_term`s, the 13
     * categories as the top terms and each need below its broader need or its category. HSDS
     * keeps one language per record: texts in `lang`, else in the local language.
     */
    async hsdsTaxonomy(lang: string, categoryName: (slug: CategorySlug) => string) {
      const taxonomyId = stableUuid(NEEDS_TAXONOMY);
      const pick = (texts: Texts) =>
        texts[lang]
          ? { text: texts[lang], language: lang }
          : { text: texts[deps.localLanguage] ?? '', language: deps.localLanguage };
      const categoryTerms = CATEGORY_SLUGS.map((slug) => ({
        id: stableUuid(`category:${slug}`),
        code: slug,
        name: categoryName(slug),
        description: categoryName(slug),
        parent_id: null,
        taxonomy_id: taxonomyId,
        language: lang,
      }));
      const needTerms = (await active()).map((need) => {
        const name = pick(need.name);
        const terms = need.terms[name.language] ?? [];
        return {
          id: stableUuid(`need:${need.slug}`),
          code: need.slug,
          name: name.text,
          description: terms.join(', ') || name.text,
          parent_id: stableUuid(need.parent ? `need:${need.parent}` : `category:${need.category}`),
          taxonomy_id: taxonomyId,
          language: name.language,
        };
      });
      return {
        taxonomy: {
          id: taxonomyId,
          name: NEEDS_TAXONOMY,
          description: 'OneStop: what newcomers need, below the 13 categories of services',
          version: '1',
        },
        taxonomy_terms: [...categoryTerms, ...needTerms],
      };
    },

    async get(slug: string): Promise<NeedView> {
      return viewOf((await find(slug)).toObject({ flattenMaps: true }));
    },

    /**
     * Checks a service form's needs against the vocabulary (zod, with the slugs known now):
     * a need merged or unknown since the form was opened is an error beside the field.
     */
    async checkNeeds(slugs: readonly string[], field = 'needs'): Promise<string[]> {
      if (slugs.length === 0) return [];
      const known = (await Need.find({ mergedInto: null }, { slug: 1 }).lean()).map((n) => n.slug);
      const parsed = z.array(z.enum(known as [string, ...string[]])).safeParse([...new Set(slugs)]);
      if (!known.length || !parsed.success) throw new FormError({ [field]: 'chooseOne' });
      return parsed.data;
    },

    async create(actor: Actor, input: NeedInput): Promise<NeedView> {
      const all = await active();
      checkParent(null, input, all);
      const base =
        slugFrom(input.name[deps.localLanguage] ?? '') ||
        slugFrom(Object.values(input.name)[0] ?? '') ||
        'need';
      // Slugs of merged needs stay taken: the seed files may name them.
      const taken = new Set((await Need.find({}, { slug: 1 }).lean()).map((n) => n.slug));
      taken.add('new'); // /admin/needs/new is the form for a new need
      let slug = base;
      for (let i = 2; taken.has(slug); i++) slug = `${base}-${i}`;
      if (!SLUG.test(slug)) throw new FormError({ [`name_${deps.localLanguage}`]: 'invalid' });
      let need;
      try {
        need = await Need.create({ slug, ...input });
      } catch (error) {
        // Another coordinator created the same need at the same moment.
        if ((error as { code?: number }).code === 11000) throw new ConflictError('slug taken');
        throw error;
      }
      const view = viewOf(need.toObject({ flattenMaps: true }));
      await audit.record({
        subject: 'need',
        subjectId: need._id,
        action: 'create',
        actor,
        after: { slug, ...auditedOf(view) },
      });
      // Not on any service yet, but the next service tagged with it must read it.
      indexer.needsChanged();
      return view;
    },

    /** Rename, change terms, category or parent. Services carrying it are re-indexed. */
    async update(actor: Actor, slug: string, input: NeedInput): Promise<NeedView> {
      const need = await find(slug);
      checkParent(slug, input, await active());
      const before = viewOf(need.toObject({ flattenMaps: true }));
      need.set({
        category: input.category,
        parent: input.parent,
        name: input.name,
        terms: input.terms,
      });
      // A change of the local words makes translations written before it outdated (the
      // translators' queue); words the coordinator changed in a language are no longer a
      // translator's.
      const at = now();
      for (const lng of changedLanguages(before, input)) {
        need.set(`textUpdatedAt.${lng}`, at);
        if (lng !== deps.localLanguage) need.translations?.delete(lng);
      }
      await need.save();
      const after = viewOf(need.toObject({ flattenMaps: true }));
      await audit.record({
        subject: 'need',
        subjectId: need._id,
        action: 'edit',
        actor,
        before: auditedOf(before),
        after: auditedOf(after),
      });
      await reindexCarrying([slug]);
      return after;
    },

    /**
     * Merges `source` into `target`: services carrying the source carry the target instead
     * (also in their pending revisions), the source's names and terms become search terms of the
     * target (people who typed them still find the services), its sub-needs move under the
     * target. The source is kept, marked merged, so it stays out of forms and of the seed.
     */
    async merge(actor: Actor, sourceSlug: string, targetSlug: string) {
      if (sourceSlug === targetSlug) throw new FormError({ target: 'chooseOne' });
      const source = await find(sourceSlug);
      const target = await Need.findOne({ slug: targetSlug, mergedInto: null });
      if (!target) throw new FormError({ target: 'chooseOne' });
      const sourceView = viewOf(source.toObject({ flattenMaps: true }));
      const targetView = viewOf(target.toObject({ flattenMaps: true }));

      const terms: Record<string, string[]> = { ...targetView.terms };
      for (const lng of new Set([
        ...Object.keys(sourceView.name),
        ...Object.keys(sourceView.terms),
      ])) {
        const merged = [...(terms[lng] ?? [])];
        const seen = new Set(merged.map((t) => t.toLocaleLowerCase()));
        for (const term of [sourceView.name[lng] ?? '', ...(sourceView.terms[lng] ?? [])]) {
          if (term && !seen.has(term.toLocaleLowerCase())) {
            seen.add(term.toLocaleLowerCase());
            merged.push(term);
          }
        }
        terms[lng] = merged;
      }
      target.set({ terms });
      await target.save();

      // Found by their needs: the field is there.
      const carrying = await Service.find({ needs: sourceSlug }, { needs: 1 }).lean();
      const replaced = (needs: readonly string[]) => [
        ...new Set(needs.map((n) => (n === sourceSlug ? targetSlug : n))),
      ];
      for (const service of carrying) {
        await Service.updateOne({ _id: service._id }, { $set: { needs: replaced(service.needs) } });
      }
      // Changes waiting for review keep their needs as JSON: the merged one would be refused.
      const withRevision = await Service.find(
        { revision: { $exists: true } },
        { revision: 1 },
      ).lean();
      for (const service of withRevision) {
        if (!service.revision?.data) continue;
        const data = JSON.parse(service.revision.data) as { needs?: string[] };
        if (!data.needs?.includes(sourceSlug)) continue;
        data.needs = replaced(data.needs);
        await Service.updateOne(
          { _id: service._id },
          { $set: { 'revision.data': JSON.stringify(data) } },
        );
      }
      await Need.updateMany({ parent: sourceSlug }, { $set: { parent: targetSlug } });
      source.set({ mergedInto: targetSlug });
      await source.save();

      await audit.record({
        subject: 'need',
        subjectId: source._id,
        action: 'merge',
        actor,
        before: { mergedInto: '', services: String(carrying.length) },
        after: { mergedInto: targetSlug, services: '0' },
      });
      await audit.record({
        subject: 'need',
        subjectId: target._id,
        action: 'edit',
        actor,
        before: auditedOf(targetView),
        after: auditedOf({ ...targetView, terms }),
        comment: `merge: ${sourceSlug} → ${targetSlug}`,
      });
      await reindexCarrying([targetSlug]);
      return { moved: carrying.length };
    },
  };
}

export type NeedsService = ReturnType<typeof createNeedsService>;
