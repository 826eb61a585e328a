// The coordinator's area: review queue (approve or return pending work, with a diff of what
// changed), stale listings, organisations and categories. Routes allow coordinators only; the
// functions take the actor for the audit log.
import type { Actor } from '../../auth/actor';
import { ConflictError, NotFoundError } from '../../errors';
import type { Models } from '../../models';
import type { AuditLog } from '../../moderation/audit-log';
import type { FieldChange } from '../../moderation/field-diff';
import { diffFields } from '../../moderation/field-diff';
import type { Indexer } from '../../search/indexer';
import { serviceEditable, sessionEditable } from '../provider/provider-service';

const DAY_MS = 86_400_000;
type Texts = Record<string, string>;

export interface ReviewItem {
  kind: 'service' | 'session';
  id: string;
  serviceId: string;
  serviceSlug: string;
  serviceName: Texts;
  organisationName: string;
  /** New record (nothing public yet) or a change to a published one. */
  isNew: boolean;
  submittedAt?: Date;
  changes: FieldChange[];
}

export function createAdminService(deps: {
  models: Models;
  audit: AuditLog;
  indexer: Indexer;
  staleAfterDays: number;
  now?: () => Date;
}) {
  const { Organisation, Service, CourseSession, Category } = deps.models;
  const { audit, indexer } = deps;
  const now = () => deps.now?.() ?? new Date();

  const pendingFilter = {
    $or: [{ status: 'pending' as const }, { 'revision.state': 'pending' as const }],
  };

  async function organisationNames() {
    const organisations = await Organisation.find({}, { name: 1 }).lean();
    return new Map(organisations.map((o) => [String(o._id), o.name]));
  }

  return {
    async reviewQueue(): Promise<ReviewItem[]> {
      const [services, sessions, orgName] = await Promise.all([
        Service.find(pendingFilter).lean(),
        CourseSession.find(pendingFilter).lean(),
        organisationNames(),
      ]);
      const parentIds = [...new Set(sessions.map((s) => String(s.service)))];
      const parents = new Map(
        (
          await Promise.all(
            parentIds.map((id) =>
              Service.findById(id, { slug: 1, name: 1, organisation: 1 }).lean(),
            ),
          )
        ).flatMap((s) => (s ? [[String(s._id), s] as const] : [])),
      );
      const items: ReviewItem[] = [];
      for (const s of services) {
        const live = serviceEditable(s as unknown as Record<string, unknown>);
        const isNew = s.status === 'pending';
        const proposed: Record<string, unknown> = isNew
          ? { ...live }
          : (JSON.parse(s.revision!.data) as Record<string, unknown>);
        delete proposed.textUpdatedAt;
        items.push({
          kind: 'service',
          id: String(s._id),
          serviceId: String(s._id),
          serviceSlug: s.slug,
          serviceName: s.name as unknown as Texts,
          organisationName: orgName.get(String(s.organisation)) ?? '',
          isNew,
          submittedAt: isNew ? (s as { updatedAt?: Date }).updatedAt : s.revision?.at,
          changes: diffFields(isNew ? {} : live, proposed),
        });
      }
      for (const session of sessions) {
        const parent = parents.get(String(session.service));
        const live = sessionEditable(session as unknown as Record<string, unknown>);
        const isNew = session.status === 'pending';
        items.push({
          kind: 'session',
          id: String(session._id),
          serviceId: String(session.service),
          serviceSlug: parent?.slug ?? '',
          serviceName: (parent?.name ?? {}) as unknown as Texts,
          organisationName: parent ? (orgName.get(String(parent.organisation)) ?? '') : '',
          isNew,
          submittedAt: isNew ? (session as { updatedAt?: Date }).updatedAt : session.revision?.at,
          changes: diffFields(isNew ? {} : live, isNew ? live : JSON.parse(session.revision!.data)),
        });
      }
      return items.sort(
        (a, b) => (a.submittedAt?.getTime() ?? 0) - (b.submittedAt?.getTime() ?? 0),
      );
    },

    async pendingCount(): Promise<number> {
      const [services, sessions] = await Promise.all([
        Service.countDocuments(pendingFilter),
        CourseSession.countDocuments(pendingFilter),
      ]);
      return services + sessions;
    },

    /** Publishes pending work: a new record goes public, a revision replaces the live fields. */
    async approve(actor: Actor, kind: 'service' | 'session', id: string) {
      const record =
        kind === 'service' ? await Service.findById(id) : await CourseSession.findById(id);
      if (!record) throw new NotFoundError(kind);
      const serviceId = kind === 'service' ? record._id : (record as { service: unknown }).service;
      const editable = (r: typeof record) =>
        kind === 'service'
          ? serviceEditable(r.toObject({ flattenMaps: true }))
          : sessionEditable(r.toObject({ flattenMaps: true }));
      const before = editable(record);
      const statusBefore = record.status;
      if (record.revision?.state === 'pending') {
        record.set({
          ...JSON.parse(record.revision.data),
          revision: undefined,
          reviewComment: undefined,
        });
      } else if (record.status === 'pending') {
        record.set({ status: 'published', reviewComment: undefined });
      } else {
        throw new ConflictError('nothing waits for review');
      }
      // The outbox entry before the write: a crash between the two cannot lose it (indexer.ts).
      await indexer.serviceWillChange(serviceId as never);
      await record.save();
      await audit.record({
        subject: kind,
        subjectId: record._id,
        service: serviceId as never,
        action: 'approve',
        actor,
        before: statusBefore === 'pending' ? { status: 'pending' } : before,
        after: statusBefore === 'pending' ? { status: 'published' } : editable(record),
      });
      await indexer.serviceChanged(serviceId as never);
      return { serviceId: String(serviceId) };
    },

    /** Sends pending work back to its editor with a comment; nothing public changes. */
    async returnForChanges(actor: Actor, kind: 'service' | 'session', id: string, comment: string) {
      const record =
        kind === 'service' ? await Service.findById(id) : await CourseSession.findById(id);
      if (!record) throw new NotFoundError(kind);
      const serviceId = kind === 'service' ? record._id : (record as { service: unknown }).service;
      if (record.revision?.state === 'pending') {
        record.set({ 'revision.state': 'returned', 'revision.comment': comment });
      } else if (record.status === 'pending') {
        record.set({ status: 'draft', reviewComment: comment });
      } else {
        throw new ConflictError('nothing waits for review');
      }
      await record.save();
      await audit.record({
        subject: kind,
        subjectId: record._id,
        service: serviceId as never,
        action: 'return',
        actor,
        comment,
      });
      return { serviceId: String(serviceId) };
    },

    /** Published services nobody confirmed for `staleAfterDays`, oldest first. */
    async staleServices() {
      const cutoff = new Date(now().getTime() - deps.staleAfterDays * DAY_MS);
      const [services, orgName] = await Promise.all([
        Service.find(
          { status: 'published', lastVerifiedAt: { $lt: cutoff } },
          { slug: 1, name: 1, organisation: 1, lastVerifiedAt: 1 },
        )
          .sort({ lastVerifiedAt: 1 })
          .lean(),
        organisationNames(),
      ]);
      return services.map((s) => ({
        id: String(s._id),
        slug: s.slug,
        name: s.name as unknown as Texts,
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
        trusted: Boolean(o.trusted),
        verified: Boolean(o.verified),
        services: countBy.get(String(o._id)) ?? 0,
      }));
    },

    async createOrganisation(
      actor: Actor,
      input: { name: string; slug: string; description: Texts },
    ) {
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
        after: { ...input, verified: true, trusted: Boolean(organisation.trusted) },
      });
      return organisation;
    },

    /** "Trusted" lets an organisation publish without review: who set it, and when, is logged. */
    async setOrganisationFlags(
      actor: Actor,
      id: string,
      flags: { trusted?: boolean; verified?: boolean },
    ) {
      // The document as it was before the update, read in the same operation.
      const before = await Organisation.findOneAndUpdate({ _id: id }, { $set: flags }).lean();
      if (!before) throw new NotFoundError('organisation');
      const was = { trusted: Boolean(before.trusted), verified: Boolean(before.verified) };
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
        Category.find().sort({ order: 1 }).lean(),
        Service.aggregate<{ _id: string; count: number }>([
          { $match: { status: 'published' } },
          { $group: { _id: '$category', count: { $sum: 1 } } },
        ]),
      ]);
      const countBy = new Map(counts.map((c) => [c._id, c.count]));
      return categories.map((c) => ({
        slug: c.slug,
        name: c.name as unknown as Texts,
        description: (c.description ?? {}) as unknown as Texts,
        services: countBy.get(c.slug) ?? 0,
      }));
    },

    async updateCategory(actor: Actor, slug: string, input: { name: Texts; description: Texts }) {
      const category = await Category.findOne({ slug: slug as never });
      if (!category) throw new NotFoundError('category');
      const textsOf = () => {
        const c = category.toObject({ flattenMaps: true });
        return { name: c.name ?? {}, description: c.description ?? {} };
      };
      const before = textsOf();
      category.set(input);
      const services = await Service.find({ category: slug as never }, { _id: 1 }).lean();
      await indexer.serviceWillChange(services.map((s) => s._id));
      await category.save();
      await audit.record({
        subject: 'category',
        subjectId: category._id,
        action: 'edit',
        actor,
        before,
        after: textsOf(),
      });
      // Category names are indexed with every service of the category.
      indexer.categoriesChanged();
      for (const s of services) await indexer.serviceChanged(s._id);
    },
  };
}

export type AdminService = ReturnType<typeof createAdminService>;
