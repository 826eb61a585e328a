// The coordinator's area: review queue (approve or return pending work, with a diff of what
// changed), stale listings, organisations and categories. Routes allow coordinators only, and
// every write checks it again here (assertCoordinator), whoever calls it; the actor also goes
// to the audit log.
import type { Actor } from '../../auth/actor';
import { assertCoordinator } from '../../auth/actor';
import { ConflictError, NotFoundError } from '../../errors';
import type { Models } from '../../models';
import type { CategoryDoc } from '../../models/category';
import type { Lean } from '../../models/lean';
import { storedFlag } from '../../models/lean';
import type { ServiceDoc } from '../../models/service';
import type { CategorySlug } from '../../models/vocabulary';
import { DAY_MS } from '../../models/vocabulary';
import type { AuditLog } from '../../moderation/audit-log';
import { createRecordedWrites } from '../../moderation/recorded-write';
import type { Indexer } from '../../search/indexer';
import { createReviewService } from './review-service';

export type { ReviewItem } from './review-service';
type Texts = Record<string, string>;

export interface AdminDeps {
  models: Models;
  audit: AuditLog;
  indexer: Indexer;
  staleAfterDays: number;
  now?: () => Date;
}

export function createAdminService(deps: AdminDeps) {
  const { Organisation, Service, Category } = deps.models;
  const { audit } = deps;
  const recordedWrite = createRecordedWrites(deps);
  const now = () => deps.now?.() ?? new Date();

  async function organisationNames() {
    const organisations = await Organisation.find({}, { name: 1 }).lean();
    return new Map(organisations.map((o) => [String(o._id), o.name]));
  }

  return {
    ...createReviewService(deps, organisationNames),

    /** Published services nobody confirmed for `staleAfterDays`, oldest first. */
    async staleServices() {
      const cutoff = new Date(now().getTime() - deps.staleAfterDays * DAY_MS);
      const [services, orgName] = await Promise.all([
        Service.find(
          { status: 'published', lastVerifiedAt: { $lt: cutoff } },
          { slug: 1, name: 1, organisation: 1, lastVerifiedAt: 1 },
        )
          .sort({ lastVerifiedAt: 1 })
          .lean<Lean<ServiceDoc>[]>(),
        organisationNames(),
      ]);
      return services.map((s) => ({
        id: String(s._id),
        slug: s.slug,
        name: s.name ?? {},
        organisationId: String(s.organisation),
        organisationName: orgName.get(String(s.organisation)) ?? '',
        lastVerifiedAt: s.lastVerifiedAt,
      }));
    },

    async organisations() {
      const [organisations, counts] = await Promise.all([
        Organisation.find().sort({ name: 1 }).lean(),
        Service.aggregate<{ _id: unknown; count: number }>([
          { $group: { _id: '$organisation', count: { $sum: 1 } } },
        ]),
      ]);
      const countBy = new Map(counts.map((c) => [String(c._id), c.count]));
      return organisations.map((o) => ({
        id: String(o._id),
        slug: o.slug,
        name: o.name,
        trusted: storedFlag(o.trusted),
        verified: storedFlag(o.verified),
        services: countBy.get(String(o._id)) ?? 0,
      }));
    },

    async createOrganisation(
      actor: Actor,
      input: { name: string; slug: string; description: Texts },
    ) {
      assertCoordinator(actor);
      if (await Organisation.exists({ slug: input.slug })) {
        throw new ConflictError('slug taken');
      }
      const organisation = await Organisation.create({ ...input, verified: true });
      await audit.record({
        subject: 'organisation',
        subjectId: organisation._id,
        organisation: organisation._id,
        action: 'create',
        actor,
        after: { ...input, verified: true, trusted: organisation.trusted },
      });
      return organisation;
    },

    /** "Trusted" lets an organisation publish without review: who set it, and when, is logged. */
    async setOrganisationFlags(
      actor: Actor,
      id: string,
      flags: { trusted?: boolean; verified?: boolean },
    ) {
      assertCoordinator(actor);
      // The document as it was before the update, read in the same operation.
      const before = await Organisation.findOneAndUpdate({ _id: id }, { $set: flags }).lean();
      if (!before) throw new NotFoundError('organisation');
      const was = { trusted: storedFlag(before.trusted), verified: storedFlag(before.verified) };
      const after = { ...was, ...flags };
      // Saving the form unchanged is not a change worth a line in the log.
      if (was.trusted === after.trusted && was.verified === after.verified) return;
      await audit.record({
        subject: 'organisation',
        subjectId: before._id,
        organisation: before._id,
        action: 'flags',
        actor,
        before: was,
        after,
      });
    },

    async categories() {
      const [categories, counts] = await Promise.all([
        Category.find().sort({ order: 1 }).lean<Lean<CategoryDoc>[]>(),
        Service.aggregate<{ _id: string; count: number }>([
          { $match: { status: 'published' } },
          { $group: { _id: '$category', count: { $sum: 1 } } },
        ]),
      ]);
      const countBy = new Map(counts.map((c) => [c._id, c.count]));
      return categories.map((c) => ({
        slug: c.slug,
        name: c.name ?? {},
        description: c.description ?? {},
        services: countBy.get(c.slug) ?? 0,
      }));
    },

    async updateCategory(
      actor: Actor,
      slug: CategorySlug,
      input: { name: Texts; description: Texts },
    ) {
      assertCoordinator(actor);
      const category = await Category.findOne({ slug });
      if (!category) throw new NotFoundError('category');
      const textsOf = () => {
        const c = category.toObject({ flattenMaps: true });
        return { name: c.name ?? {}, description: c.description ?? {} };
      };
      const before = textsOf();
      category.set(input);
      const services = await Service.find({ category: slug }, { _id: 1 }).lean();
      await recordedWrite({
        save: () => category.save(),
        // Category names are indexed with every service of the category.
        reindex: services.map((s) => s._id),
        afterSave: () => deps.indexer.categoriesChanged(),
        entry: {
          subject: 'category',
          subjectId: category._id,
          action: 'edit',
          actor,
          before,
          after: textsOf(),
        },
      });
    },
  };
}

export type AdminService = ReturnType<typeof createAdminService>;
