// What every provider write starts from: the record, read only if the actor may manage its
// organisation (their own, or any as coordinator), and the checks shared by services, sessions
// and places. Each provider service is built from these.
import { randomBytes } from 'node:crypto';
import type { Types } from 'mongoose';
import type { Actor } from '../../auth/actor';
import { canManageOrganisation } from '../../auth/actor';
import { FormError, ForbiddenError, NotFoundError } from '../../errors';
import type { Models } from '../../models';
import { slugFrom } from '../../models/vocabulary';
import type { AuditLog } from '../../moderation/audit-log';
import { createRecordedWrites } from '../../moderation/recorded-write';
import type { Indexer } from '../../search/indexer';

export interface ProviderDeps {
  models: Models;
  audit: AuditLog;
  indexer: Indexer;
  localLanguage: string;
  staleAfterDays: number;
  now?: () => Date;
  /** Needs named by a form must be in the vocabulary now (features/needs/needs-service.ts). */
  checkNeeds?: (slugs: readonly string[]) => Promise<string[]>;
}

/** A slug from a name, made unique by a random tail. */
export function slugify(text: string): string {
  return `${slugFrom(text) || 'service'}-${randomBytes(3).toString('hex')}`;
}

export function createProviderAccess(deps: ProviderDeps) {
  const { Organisation, Location, Service, CourseSession } = deps.models;

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

  async function locationFor(actor: Actor, locationId: string) {
    const location = await Location.findById(locationId);
    if (!location) throw new NotFoundError('location');
    const organisation = await organisationFor(actor, location.organisation);
    return { location, organisation };
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

  /** The services whose search documents show an organisation's name and places. */
  async function servicesOf(organisationId: Types.ObjectId) {
    const services = await Service.find({ organisation: organisationId }, { _id: 1 }).lean();
    return services.map((s) => s._id);
  }

  /** The services held at a place (their search documents show its district and map point). */
  async function servicesAt(locationId: Types.ObjectId) {
    const services = await Service.find({ locations: locationId }, { _id: 1 }).lean();
    return services.map((s) => s._id);
  }

  return {
    organisationFor,
    serviceFor,
    sessionFor,
    locationFor,
    checkLocations,
    servicesOf,
    servicesAt,
    recordedWrite: createRecordedWrites(deps),
    now: () => deps.now?.() ?? new Date(),
  };
}

export type ProviderAccess = ReturnType<typeof createProviderAccess>;
