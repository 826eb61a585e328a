// The coordinator's review queue: what waits (new records and revisions of published ones, with
// a diff of what changed), approve, return for changes. Every write checks the caller is a
// coordinator (assertCoordinator), whoever calls it.
import type { Types } from 'mongoose';
import type { Actor } from '../../auth/actor';
import { assertCoordinator } from '../../auth/actor';
import { ConflictError, NotFoundError } from '../../errors';
import type { CourseSessionDoc } from '../../models/course-session';
import type { ServiceInput, SessionInput } from '../../models/editable-records';
import { serviceEditable, sessionEditable } from '../../models/editable-records';
import type { Lean } from '../../models/lean';
import type { ServiceDoc } from '../../models/service';
import type { FieldChange } from '../../moderation/field-diff';
import { diffFields } from '../../moderation/field-diff';
import { createRecordedWrites } from '../../moderation/recorded-write';
import { readServiceRevision, readSessionRevision } from '../../moderation/revision-data';
import type { AdminDeps } from './admin-service';

type Texts = Record<string, string>;
type Kind = 'service' | 'session';

/** A service or a session waiting for review, whichever it is. */
interface ReviewTarget {
  id: Types.ObjectId;
  serviceId: Types.ObjectId;
  status: string;
  revision?: { state: string; data: string } | null;
  editable(): ServiceInput | SessionInput;
  /** Its pending revision's fields, checked (moderation/revision-data.ts). */
  revisionData(data: string): ServiceInput | SessionInput;
  set(fields: Record<string, unknown>): void;
  save(): Promise<unknown>;
}

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

export function createReviewService(
  deps: AdminDeps,
  organisationNames: () => Promise<Map<string, string>>,
) {
  const { Service, CourseSession } = deps.models;
  const recordedWrite = createRecordedWrites(deps);

  async function reviewTarget(kind: Kind, id: string): Promise<ReviewTarget> {
    if (kind === 'service') {
      const service = await Service.findById(id);
      if (!service) throw new NotFoundError(kind);
      return {
        id: service._id,
        serviceId: service._id,
        status: service.status,
        revision: service.revision,
        editable: () => serviceEditable(service.toObject({ flattenMaps: true })),
        revisionData: (data) => readServiceRevision(data, `service ${id}`),
        set: (fields) => service.set(fields),
        save: () => service.save(),
      };
    }
    const session = await CourseSession.findById(id);
    if (!session) throw new NotFoundError(kind);
    return {
      id: session._id,
      serviceId: session.service,
      status: session.status,
      revision: session.revision,
      editable: () => sessionEditable(session.toObject({ flattenMaps: true })),
      revisionData: (data) => readSessionRevision(data, `session ${id}`),
      set: (fields) => session.set(fields),
      save: () => session.save(),
    };
  }

  const pendingFilter = {
    $or: [{ status: 'pending' as const }, { 'revision.state': 'pending' as const }],
  };

  return {
    async reviewQueue(): Promise<ReviewItem[]> {
      const [services, sessions, orgName] = await Promise.all([
        Service.find(pendingFilter).lean<Lean<ServiceDoc>[]>(),
        CourseSession.find(pendingFilter).lean<Lean<CourseSessionDoc>[]>(),
        organisationNames(),
      ]);
      const parentIds = [...new Set(sessions.map((s) => String(s.service)))];
      const parents = new Map(
        (
          await Promise.all(
            parentIds.map((id) =>
              Service.findById(id, { slug: 1, name: 1, organisation: 1 }).lean<Lean<ServiceDoc>>(),
            ),
          )
        ).flatMap((s) => (s ? [[String(s._id), s] as const] : [])),
      );
      const items: ReviewItem[] = [];
      for (const s of services) {
        const live = serviceEditable(s);
        const isNew = s.status === 'pending';
        const proposed: Record<string, unknown> = isNew
          ? { ...live }
          : { ...readServiceRevision(s.revision?.data, `service ${String(s._id)}`) };
        delete proposed.textUpdatedAt;
        items.push({
          kind: 'service',
          id: String(s._id),
          serviceId: String(s._id),
          serviceSlug: s.slug,
          serviceName: s.name ?? {},
          organisationName: orgName.get(String(s.organisation)) ?? '',
          isNew,
          submittedAt: isNew ? s.updatedAt : s.revision?.at,
          changes: diffFields(isNew ? {} : live, proposed),
        });
      }
      for (const session of sessions) {
        const parent = parents.get(String(session.service));
        const live = sessionEditable(session);
        const isNew = session.status === 'pending';
        items.push({
          kind: 'session',
          id: String(session._id),
          serviceId: String(session.service),
          serviceSlug: parent?.slug ?? '',
          serviceName: parent?.name ?? {},
          organisationName: parent ? (orgName.get(String(parent.organisation)) ?? '') : '',
          isNew,
          submittedAt: isNew ? session.updatedAt : session.revision?.at,
          changes: diffFields(
            isNew ? {} : live,
            isNew
              ? live
              : readSessionRevision(session.revision?.data, `session ${String(session._id)}`),
          ),
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
    async approve(actor: Actor, kind: Kind, id: string) {
      assertCoordinator(actor);
      const record = await reviewTarget(kind, id);
      const before = record.editable();
      const statusBefore = record.status;
      if (record.revision?.state === 'pending') {
        record.set({
          ...record.revisionData(record.revision.data),
          revision: undefined,
          reviewComment: undefined,
        });
      } else if (record.status === 'pending') {
        record.set({ status: 'published', reviewComment: undefined });
      } else {
        throw new ConflictError('nothing waits for review');
      }
      await recordedWrite({
        save: () => record.save(),
        reindex: record.serviceId,
        entry: {
          subject: kind,
          subjectId: record.id,
          service: record.serviceId,
          action: 'approve',
          actor,
          before: statusBefore === 'pending' ? { status: 'pending' } : before,
          // Read after the fields are set: what is now public.
          after: statusBefore === 'pending' ? { status: 'published' } : record.editable(),
        },
      });
      return { serviceId: String(record.serviceId) };
    },

    /** Sends pending work back to its editor with a comment; nothing public changes. */
    async returnForChanges(actor: Actor, kind: Kind, id: string, comment: string) {
      assertCoordinator(actor);
      const record = await reviewTarget(kind, id);
      if (record.revision?.state === 'pending') {
        record.set({ 'revision.state': 'returned', 'revision.comment': comment });
      } else if (record.status === 'pending') {
        record.set({ status: 'draft', reviewComment: comment });
      } else {
        throw new ConflictError('nothing waits for review');
      }
      await recordedWrite({
        save: () => record.save(),
        reindex: [],
        entry: {
          subject: kind,
          subjectId: record.id,
          service: record.serviceId,
          action: 'return',
          actor,
          comment,
        },
      });
      return { serviceId: String(record.serviceId) };
    },
  };
}
