// The provider area: an organisation's services, course sessions, profile and places. Every
// function checks on the server that the actor may touch the record (their own organisation, or
// any as coordinator), applies the moderation rules and records the change in the audit log.
import { randomBytes } from 'node:crypto';
import type { Types } from 'mongoose';
import type { Actor } from '../../auth/actor';
import { canManageOrganisation, publishesDirectly } from '../../auth/actor';
import { FormError, ForbiddenError, NotFoundError, StaleFormError } from '../../errors';
import type { Models } from '../../models';
import { slugFrom } from '../../models/vocabulary';
import type { AuditLog } from '../../moderation/audit-log';
import type { Intent } from '../../moderation/moderation';
import { planWrite } from '../../moderation/moderation';
import { noteTextChanges } from '../translate/text-changes';
import { oneAtATime } from '../../database/one-at-a-time';
import { crashPoint } from '../../crash-point';
import type { Indexer } from '../../search/indexer';
import type {
  LocationInput,
  OrganisationInput,
  ServiceInput,
  SessionInput,
} from './provider-forms';

const DAY_MS = 86_400_000;
type Texts = Record<string, string>;

/** Plain JSON (Maps → objects, ObjectIds → strings, Dates → ISO strings). */
const plain = <T>(value: unknown): T => JSON.parse(JSON.stringify(value)) as T;

/** The editable fields of a stored service, in form-input shape. */
export function serviceEditable(s: Record<string, unknown>): ServiceInput {
  const p = plain<Record<string, never>>(s) as unknown as ServiceInput & {
    access?: ServiceInput['access'];
  };
  return {
    category: p.category,
    needs: p.needs ?? [],
    ...(p.targetLanguage ? { targetLanguage: p.targetLanguage } : {}),
    name: p.name ?? {},
    summary: p.summary ?? {},
    description: p.description ?? {},
    documents: p.documents ?? {},
    languages: p.languages ?? [],
    interpretationOnRequest: Boolean(p.interpretationOnRequest),
    cost: p.cost,
    access: { modes: p.access?.modes ?? [], note: p.access?.note ?? {} },
    delivery: p.delivery ?? [],
    eligibility: {
      residenceStatus: p.eligibility?.residenceStatus ?? ['any'],
      ...(p.eligibility?.ageMin != null ? { ageMin: p.eligibility.ageMin } : {}),
      ...(p.eligibility?.ageMax != null ? { ageMax: p.eligibility.ageMax } : {}),
      womenOnly: Boolean(p.eligibility?.womenOnly),
      families: Boolean(p.eligibility?.families),
      youth: Boolean(p.eligibility?.youth),
    },
    locations: (p.locations ?? []).map(String),
    contact: p.contact ?? {},
  };
}

export function sessionEditable(s: Record<string, unknown>): SessionInput {
  const p = plain<SessionInput>(s);
  return {
    level: p.level,
    startDate: p.startDate,
    endDate: p.endDate,
    days: p.days,
    startTime: p.startTime,
    endTime: p.endTime,
    ...(p.hoursPerWeek != null ? { hoursPerWeek: p.hoursPerWeek } : {}),
    capacity: p.capacity,
    seatsLeft: p.seatsLeft,
    ...(p.registrationDeadline ? { registrationDeadline: p.registrationDeadline } : {}),
    registrationOpen: p.registrationOpen !== false,
    childcare: Boolean(p.childcare),
    certificate: Boolean(p.certificate),
    cost: p.cost,
    ...(p.location ? { location: String(p.location) } : {}),
  };
}

/** The stored record's shape: optional fields absent from the input are cleared. */
const serviceFields = (input: ServiceInput) => ({
  ...input,
  targetLanguage: input.targetLanguage ?? undefined,
});
const sessionFields = (input: SessionInput) => ({
  ...input,
  hoursPerWeek: input.hoursPerWeek ?? undefined,
  registrationDeadline: input.registrationDeadline ?? undefined,
  location: input.location ?? undefined,
});

/** Languages whose texts differ between two versions of a service. */
function languagesChanged(before: ServiceInput | null, after: ServiceInput): string[] {
  const textsOf = (s: ServiceInput | null, lng: string) =>
    JSON.stringify([
      s?.name[lng],
      s?.summary[lng],
      s?.description[lng],
      s?.documents[lng],
      s?.access.note[lng],
    ]);
  const languages = new Set(
    [after, before].flatMap((s) =>
      s ? [...Object.keys(s.name), ...Object.keys(s.description), ...Object.keys(s.summary)] : [],
    ),
  );
  return [...languages].filter((lng) => textsOf(before, lng) !== textsOf(after, lng));
}

function slugify(text: string): string {
  return `${slugFrom(text) || 'service'}-${randomBytes(3).toString('hex')}`;
}

/**
 * The version an edit form shows: when its pending revision, or else the service, was last
 * saved. The form sends it back, so a save over a change made meanwhile is caught.
 */
function versionAt(service: { updatedAt?: Date | null; revision?: { at?: Date | null } | null }) {
  return service.revision?.at ?? service.updatedAt ?? new Date(0);
}

export function createProviderService(deps: {
  models: Models;
  audit: AuditLog;
  indexer: Indexer;
  localLanguage: string;
  staleAfterDays: number;
  now?: () => Date;
  /** Needs named by a form must be in the vocabulary now (features/needs/needs-service.ts). */
  checkNeeds?: (slugs: readonly string[]) => Promise<string[]>;
}) {
  const { Organisation, Location, Service, CourseSession } = deps.models;
  const { audit, indexer } = deps;
  const now = () => deps.now?.() ?? new Date();
  // Saves of one service or session queue up, so that two editors saving at once each write a
  // whole form, one after the other (see database/one-at-a-time.ts).
  const oneEditAtATime = oneAtATime();

  async function organisationFor(actor: Actor, organisationId: unknown) {
    const organisation = await Organisation.findById(organisationId);
    if (!organisation) throw new NotFoundError('organisation');
    if (!canManageOrganisation(actor, organisation._id)) {
      throw new ForbiddenError('not this organisation');
    }
    return organisation;
  }

  async function serviceFor(actor: Actor, serviceId: string) {
    const service = await Service.findById(serviceId);
    if (!service) throw new NotFoundError('service');
    const organisation = await organisationFor(actor, service.organisation);
    return { service, organisation };
  }

  async function sessionFor(actor: Actor, sessionId: string) {
    const session = await CourseSession.findById(sessionId);
    if (!session) throw new NotFoundError('session');
    const { service, organisation } = await serviceFor(actor, String(session.service));
    return { session, service, organisation };
  }

  /** Locations named by a form must be the organisation's own. */
  async function checkLocations(
    organisationId: Types.ObjectId,
    ids: string[],
    field: string,
    /** Already on the record (checked when they were set): no need to read them again. */
    current: unknown[] = [],
  ) {
    const known = new Set(current.map(String));
    if (ids.every((id) => known.has(id))) return;
    const own = new Set(
      (await Location.find({ organisation: organisationId }, { _id: 1 }).lean()).map((l) =>
        String(l._id),
      ),
    );
    if (!ids.every((id) => own.has(id))) throw new FormError({ [field]: 'chooseOne' });
  }

  const isStale = (lastVerifiedAt: Date | null | undefined) =>
    !lastVerifiedAt || now().getTime() - lastVerifiedAt.getTime() > deps.staleAfterDays * DAY_MS;

  return {
    isStale,

    organisationFor: (actor: Actor, organisationId: string) =>
      organisationFor(actor, organisationId),

    /** Everything an editor sees on their dashboard. */
    async dashboard(actor: Actor, organisationId: string) {
      const organisation = await organisationFor(actor, organisationId);
      const [services, locations] = await Promise.all([
        Service.find({ organisation: organisation._id }).sort({ slug: 1 }).lean(),
        Location.find({ organisation: organisation._id }).sort({ name: 1 }).lean(),
      ]);
      const sessions = services.length
        ? await CourseSession.find({ service: { $in: services.map((s) => s._id) } })
            .sort({ startDate: 1 })
            .lean()
        : [];
      return { organisation: organisation.toObject(), services, locations, sessions };
    },

    /** A service and its form values: the pending revision's if there is one. */
    async serviceForEdit(actor: Actor, serviceId: string) {
      const { service, organisation } = await serviceFor(actor, serviceId);
      const live = serviceEditable(service.toObject({ flattenMaps: true }));
      const revision = service.revision
        ? {
            ...plain<Record<string, unknown>>(service.revision),
            data: JSON.parse(service.revision.data) as ServiceInput & {
              textUpdatedAt?: Record<string, string>;
            },
          }
        : undefined;
      const textUpdatedAt = plain<Record<string, string>>(
        revision?.data.textUpdatedAt ?? service.toObject({ flattenMaps: true }).textUpdatedAt ?? {},
      );
      return {
        service: service.toObject({ flattenMaps: true }),
        organisation: organisation.toObject(),
        values: revision?.data ?? live,
        revision,
        textUpdatedAt,
        basedOn: versionAt(service).toISOString(),
      };
    },

    async locationsOf(organisationId: Types.ObjectId | string) {
      return Location.find({ organisation: organisationId }).sort({ name: 1 }).lean();
    },

    async createService(actor: Actor, organisationId: string, input: ServiceInput, intent: Intent) {
      const organisation = await organisationFor(actor, organisationId);
      await checkLocations(organisation._id, input.locations, 'locations');
      if (deps.checkNeeds) input = { ...input, needs: await deps.checkNeeds(input.needs) };
      const plan = planWrite(null, publishesDirectly(actor, organisation), intent);
      const at = now();
      const textUpdatedAt = Object.fromEntries(languagesChanged(null, input).map((l) => [l, at]));
      const service = new Service({
        ...serviceFields(input),
        organisation: organisation._id,
        slug: slugify(input.name[deps.localLanguage] ?? ''),
        status: plan.target === 'live' ? plan.status : 'draft',
        lastVerifiedAt: at,
        textUpdatedAt,
      });
      // The outbox entry first (see search/indexer.ts): a crash after the save cannot lose it.
      await indexer.serviceWillChange(service._id);
      await service.save();
      await audit.record({
        subject: 'service',
        subjectId: service._id,
        service: service._id,
        organisation: organisation._id,
        action: 'create',
        actor,
        after: { ...input, status: service.status },
        pending: service.status === 'pending',
      });
      await indexer.serviceChanged(service._id);
      return service;
    },

    /** `basedOn`: the version the form was opened at (see versionAt); a later one refuses it. */
    async updateService(
      actor: Actor,
      serviceId: string,
      input: ServiceInput,
      intent: Intent,
      basedOn?: string,
    ) {
      return oneEditAtATime(`service:${serviceId}`, async () => {
        const { service, organisation } = await serviceFor(actor, serviceId);
        const current = versionAt(service);
        if (basedOn && basedOn !== current.toISOString()) throw new StaleFormError(current);
        await checkLocations(organisation._id, input.locations, 'locations', service.locations);
        if (deps.checkNeeds) input = { ...input, needs: await deps.checkNeeds(input.needs) };
        const live = serviceEditable(service.toObject({ flattenMaps: true }));
        const previous = service.revision
          ? (JSON.parse(service.revision.data) as ServiceInput & { textUpdatedAt?: Texts })
          : undefined;
        const plan = planWrite(service, publishesDirectly(actor, organisation), intent);
        const at = now();
        const textUpdatedAt: Record<string, unknown> = {
          ...plain<Texts>(service.toObject({ flattenMaps: true }).textUpdatedAt ?? {}),
          ...(previous?.textUpdatedAt ?? {}),
        };
        const changed = languagesChanged(previous ?? live, input);
        for (const lng of changed) textUpdatedAt[lng] = at;
        // Texts the provider wrote in another language are theirs from now on (issue #16).
        const translations: Record<string, unknown> = plain(
          service.toObject({ flattenMaps: true }).translations ?? {},
        );
        for (const lng of changed.filter((l) => l !== deps.localLanguage)) {
          translations[lng] = { by: 'provider', at, reviewed: true };
        }
        const statusBefore = service.status;
        if (plan.target === 'live') {
          service.set({
            ...serviceFields(input),
            status: plan.status,
            textUpdatedAt,
            translations,
            revision: undefined,
            reviewComment: undefined,
          });
        } else {
          service.set({
            revision: {
              data: JSON.stringify({ ...input, textUpdatedAt }),
              state: plan.state,
              by: actor.id,
              at,
            },
          });
        }
        if (plan.target === 'live') await indexer.serviceWillChange(service._id);
        await service.save();
        // test/search/crash-safe-outbox.test.ts kills the process here, between the two writes.
        crashPoint('service-saved');
        await audit.record({
          subject: 'service',
          subjectId: service._id,
          service: service._id,
          organisation: organisation._id,
          action: intent === 'submit' && plan.target === 'revision' ? 'submit' : 'edit',
          actor,
          before: { ...live, status: statusBefore },
          after: { ...input, status: service.status },
          pending: plan.target === 'revision' || service.status === 'pending',
        });
        if (plan.target === 'live') await indexer.serviceChanged(service._id);
        return { service, plan };
      });
    },

    async archiveService(actor: Actor, serviceId: string) {
      const { service, organisation } = await serviceFor(actor, serviceId);
      const before = service.status;
      service.set({ status: 'archived', revision: undefined });
      await indexer.serviceWillChange(service._id);
      await service.save();
      await audit.record({
        subject: 'service',
        subjectId: service._id,
        service: service._id,
        organisation: organisation._id,
        action: 'archive',
        actor,
        before: { status: before },
        after: { status: 'archived' },
      });
      await indexer.serviceChanged(service._id);
      return service;
    },

    /** "Still accurate": the provider confirms the listing as it is. */
    async verifyService(actor: Actor, serviceId: string) {
      const { service, organisation } = await serviceFor(actor, serviceId);
      const before = service.lastVerifiedAt;
      service.lastVerifiedAt = now();
      await indexer.serviceWillChange(service._id);
      await service.save();
      await audit.record({
        subject: 'service',
        subjectId: service._id,
        service: service._id,
        organisation: organisation._id,
        action: 'verify',
        actor,
        before: { lastVerifiedAt: before },
        after: { lastVerifiedAt: service.lastVerifiedAt },
      });
      await indexer.serviceChanged(service._id);
      return service;
    },

    async history(actor: Actor, serviceId: string) {
      const { service } = await serviceFor(actor, serviceId);
      return {
        service: service.toObject({ flattenMaps: true }),
        entries: await audit.historyOfService(service._id),
      };
    },

    async serviceWithOrganisation(actor: Actor, serviceId: string) {
      const { service, organisation } = await serviceFor(actor, serviceId);
      return {
        service: service.toObject({ flattenMaps: true }),
        organisation: organisation.toObject(),
      };
    },

    async sessionForEdit(actor: Actor, sessionId: string) {
      const { session, service, organisation } = await sessionFor(actor, sessionId);
      const revision = session.revision
        ? {
            ...plain<Record<string, unknown>>(session.revision),
            data: JSON.parse(session.revision.data) as SessionInput,
          }
        : undefined;
      return {
        session: session.toObject(),
        service: service.toObject({ flattenMaps: true }),
        organisation: organisation.toObject(),
        values: revision?.data ?? sessionEditable(session.toObject()),
        revision,
      };
    },

    async createSession(actor: Actor, serviceId: string, input: SessionInput) {
      const { service, organisation } = await serviceFor(actor, serviceId);
      await checkLocations(organisation._id, input.location ? [input.location] : [], 'location');
      const plan = planWrite(null, publishesDirectly(actor, organisation), 'submit');
      const session = new CourseSession({
        ...sessionFields(input),
        service: service._id,
        targetLanguage: service.targetLanguage ?? deps.localLanguage,
        key: `${input.level.toLowerCase()}-${input.startDate.toISOString().slice(0, 10)}-${randomBytes(3).toString('hex')}`,
        status: plan.target === 'live' ? plan.status : 'pending',
      });
      await indexer.serviceWillChange(service._id);
      await session.save();
      await audit.record({
        subject: 'session',
        subjectId: session._id,
        service: service._id,
        organisation: organisation._id,
        action: 'create',
        actor,
        after: { ...input, status: session.status },
        pending: session.status === 'pending',
      });
      await indexer.serviceChanged(service._id);
      return { session, service };
    },

    async updateSession(actor: Actor, sessionId: string, input: SessionInput) {
      return oneEditAtATime(`session:${sessionId}`, async () => {
        const { session, service, organisation } = await sessionFor(actor, sessionId);
        await checkLocations(organisation._id, input.location ? [input.location] : [], 'location');
        const before = sessionEditable(session.toObject());
        const plan = planWrite(session, publishesDirectly(actor, organisation), 'submit');
        if (plan.target === 'live') {
          session.set({
            ...sessionFields(input),
            status: plan.status,
            revision: undefined,
            reviewComment: undefined,
          });
        } else {
          session.set({
            revision: { data: JSON.stringify(input), state: plan.state, by: actor.id, at: now() },
          });
        }
        if (plan.target === 'live') await indexer.serviceWillChange(service._id);
        await session.save();
        await audit.record({
          subject: 'session',
          subjectId: session._id,
          service: service._id,
          organisation: organisation._id,
          action: plan.target === 'revision' ? 'submit' : 'edit',
          actor,
          before,
          after: input,
          pending: plan.target === 'revision' || session.status === 'pending',
        });
        if (plan.target === 'live') await indexer.serviceChanged(service._id);
        return { session, service, plan };
      });
    },

    /** Seats left change weekly: published at once, no review. */
    async updateSeats(actor: Actor, sessionId: string, seatsLeft: number) {
      const { session, service, organisation } = await sessionFor(actor, sessionId);
      if (seatsLeft > session.capacity) throw new FormError({ seatsLeft: 'seatsOverCapacity' });
      const before = session.seatsLeft;
      session.seatsLeft = seatsLeft;
      await indexer.serviceWillChange(service._id);
      await session.save();
      await audit.record({
        subject: 'session',
        subjectId: session._id,
        service: service._id,
        organisation: organisation._id,
        action: 'seats',
        actor,
        before: { seatsLeft: before },
        after: { seatsLeft },
      });
      await indexer.serviceChanged(service._id);
      return { session, service };
    },

    async closeRegistration(actor: Actor, sessionId: string) {
      const { session, service, organisation } = await sessionFor(actor, sessionId);
      session.registrationOpen = false;
      await indexer.serviceWillChange(service._id);
      await session.save();
      await audit.record({
        subject: 'session',
        subjectId: session._id,
        service: service._id,
        organisation: organisation._id,
        action: 'close-registration',
        actor,
        before: { registrationOpen: true },
        after: { registrationOpen: false },
      });
      await indexer.serviceChanged(service._id);
      return { session, service };
    },

    async updateOrganisation(actor: Actor, organisationId: string, input: OrganisationInput) {
      const organisation = await organisationFor(actor, organisationId);
      const before = plain<Record<string, unknown>>(organisation.toObject({ flattenMaps: true }));
      organisation.set({
        ...input,
        website: input.website ?? undefined,
        email: input.email ?? undefined,
        phone: input.phone ?? undefined,
      });
      noteTextChanges(organisation, before.description as Texts, input.description, {
        localLanguage: deps.localLanguage,
        at: now(),
      });
      const affected = await servicesOf(organisation._id);
      await indexer.serviceWillChange(affected);
      await organisation.save();
      await audit.record({
        subject: 'organisation',
        subjectId: organisation._id,
        organisation: organisation._id,
        action: 'edit',
        actor,
        before: {
          name: before.name,
          description: before.description,
          website: before.website,
          email: before.email,
          phone: before.phone,
        },
        after: input,
      });
      for (const id of affected) await indexer.serviceChanged(id);
      return organisation;
    },

    async locationForEdit(actor: Actor, locationId: string) {
      const location = await Location.findById(locationId);
      if (!location) throw new NotFoundError('location');
      const organisation = await organisationFor(actor, location.organisation);
      return {
        location: location.toObject({ flattenMaps: true }),
        organisation: organisation.toObject(),
      };
    },

    async saveLocation(
      actor: Actor,
      target: { organisationId: string } | { locationId: string },
      input: LocationInput,
    ) {
      let before: unknown = {};
      let location;
      if ('locationId' in target) {
        const found = await Location.findById(target.locationId);
        if (!found) throw new NotFoundError('location');
        await organisationFor(actor, found.organisation);
        before = plain(found.toObject({ flattenMaps: true }));
        found.set({ ...input, district: input.district ?? undefined, geo: input.geo ?? undefined });
        noteTextChanges(found, (before as { transport?: Texts }).transport, input.transport, {
          localLanguage: deps.localLanguage,
          at: now(),
        });
        location = found;
      } else {
        const organisation = await organisationFor(actor, target.organisationId);
        location = new Location({
          ...input,
          organisation: organisation._id,
          key: slugify(input.name),
        });
      }
      const affected = await servicesOf(location.organisation);
      await indexer.serviceWillChange(affected);
      await location.save();
      const b = before as Record<string, unknown>;
      await audit.record({
        subject: 'location',
        subjectId: location._id,
        organisation: location.organisation,
        action: 'locationId' in target ? 'edit' : 'create',
        actor,
        before:
          'locationId' in target
            ? {
                name: b.name,
                address: b.address,
                district: b.district,
                geo: b.geo,
                accessibility: b.accessibility,
                transport: b.transport,
              }
            : {},
        after: input,
      });
      for (const id of affected) await indexer.serviceChanged(id);
      return location;
    },
  };

  /** The services whose search documents show an organisation's name and places. */
  async function servicesOf(organisationId: Types.ObjectId) {
    const services = await Service.find({ organisation: organisationId }, { _id: 1 }).lean();
    return services.map((s) => s._id);
  }
}

export type ProviderService = ReturnType<typeof createProviderService>;
