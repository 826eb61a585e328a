// An organisation's services: the edit form's data, create, update (live or as a revision,
// moderation/moderation.ts), archive, "still accurate", history.
import type { Actor } from '../../auth/actor';
import { publishesDirectly } from '../../auth/actor';
import { StaleFormError } from '../../errors';
import { crashPoint } from '../../crash-point';
import { oneAtATime } from '../../database/one-at-a-time';
import type { ServiceInput } from '../../models/editable-records';
import { serviceEditable } from '../../models/editable-records';
import type { Intent } from '../../moderation/moderation';
import { planWrite } from '../../moderation/moderation';
import { readServiceRevision } from '../../moderation/revision-data';
import type { ProviderAccess, ProviderDeps } from './provider-access';
import { slugify } from './provider-access';

type Dates = Record<string, string | Date>;

/** The stored record's shape: optional fields absent from the input are cleared. */
const serviceFields = (input: ServiceInput) => ({
  ...input,
  targetLanguage: input.targetLanguage ?? undefined,
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

/**
 * The version an edit form shows: when its pending revision, or else the service, was last
 * saved. The form sends it back, so a save over a change made meanwhile is caught.
 */
function versionAt(service: { updatedAt?: Date | null; revision?: { at?: Date | null } | null }) {
  return service.revision?.at ?? service.updatedAt ?? new Date(0);
}

const revisionData = (revision: { data: string } | null | undefined, serviceId: string) =>
  revision ? readServiceRevision(revision.data, `service ${serviceId}`) : undefined;

export function createServiceService(deps: ProviderDeps, access: ProviderAccess) {
  const { Service } = deps.models;
  const { serviceFor, organisationFor, checkLocations, recordedWrite, now } = access;
  // Saves of one service queue up, so that two editors saving at once each write a whole form,
  // one after the other (see database/one-at-a-time.ts).
  const oneEditAtATime = oneAtATime();

  return {
    /** A service and its form values: the pending revision's if there is one. */
    async serviceForEdit(actor: Actor, serviceId: string) {
      const { service, organisation } = await serviceFor(actor, serviceId);
      const stored = service.toObject({ flattenMaps: true });
      const data = revisionData(service.revision, serviceId);
      const revision =
        service.revision && data
          ? { state: service.revision.state, comment: service.revision.comment, data }
          : undefined;
      const textUpdatedAt: Dates = data?.textUpdatedAt ?? stored.textUpdatedAt ?? {};
      return {
        service: stored,
        organisation: organisation.toObject(),
        values: data ?? serviceEditable(stored),
        revision,
        textUpdatedAt,
        basedOn: versionAt(service).toISOString(),
      };
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
      await recordedWrite({
        save: () => service.save(),
        reindex: service._id,
        entry: {
          subject: 'service',
          subjectId: service._id,
          service: service._id,
          organisation: organisation._id,
          action: 'create',
          actor,
          after: { ...input, status: service.status },
          pending: service.status === 'pending',
        },
      });
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
        const stored = service.toObject({ flattenMaps: true });
        const live = serviceEditable(stored);
        const previous = revisionData(service.revision, serviceId);
        const plan = planWrite(service, publishesDirectly(actor, organisation), intent);
        const at = now();
        const textUpdatedAt: Dates = {
          ...(stored.textUpdatedAt ?? {}),
          ...(previous?.textUpdatedAt ?? {}),
        };
        const changed = languagesChanged(previous ?? live, input);
        for (const lng of changed) textUpdatedAt[lng] = at;
        // Texts the provider wrote in another language are theirs from now on (issue #16).
        const translations: Record<string, unknown> = { ...(stored.translations ?? {}) };
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
        await recordedWrite({
          save: () => service.save(),
          // A revision changes nothing public: the index keeps the live version.
          reindex: plan.target === 'live' ? service._id : [],
          // test/search/crash-safe-outbox.test.ts kills the process here, between the two writes.
          afterSave: () => crashPoint('service-saved'),
          entry: {
            subject: 'service',
            subjectId: service._id,
            service: service._id,
            organisation: organisation._id,
            action: intent === 'submit' && plan.target === 'revision' ? 'submit' : 'edit',
            actor,
            before: { ...live, status: statusBefore },
            after: { ...input, status: service.status },
            pending: plan.target === 'revision' || service.status === 'pending',
          },
        });
        return { service, plan };
      });
    },

    async archiveService(actor: Actor, serviceId: string) {
      const { service, organisation } = await serviceFor(actor, serviceId);
      const before = service.status;
      service.set({ status: 'archived', revision: undefined });
      await recordedWrite({
        save: () => service.save(),
        reindex: service._id,
        entry: {
          subject: 'service',
          subjectId: service._id,
          service: service._id,
          organisation: organisation._id,
          action: 'archive',
          actor,
          before: { status: before },
          after: { status: 'archived' },
        },
      });
      return service;
    },

    /** "Still accurate": the provider confirms the listing as it is. */
    async verifyService(actor: Actor, serviceId: string) {
      const { service, organisation } = await serviceFor(actor, serviceId);
      const before = service.lastVerifiedAt;
      service.lastVerifiedAt = now();
      await recordedWrite({
        save: () => service.save(),
        reindex: service._id,
        entry: {
          subject: 'service',
          subjectId: service._id,
          service: service._id,
          organisation: organisation._id,
          action: 'verify',
          actor,
          before: { lastVerifiedAt: before },
          after: { lastVerifiedAt: service.lastVerifiedAt },
        },
      });
      return service;
    },

    async history(actor: Actor, serviceId: string) {
      const { service } = await serviceFor(actor, serviceId);
      return {
        service: service.toObject({ flattenMaps: true }),
        entries: await deps.audit.historyOfService(service._id),
      };
    },

    async serviceWithOrganisation(actor: Actor, serviceId: string) {
      const { service, organisation } = await serviceFor(actor, serviceId);
      return {
        service: service.toObject({ flattenMaps: true }),
        organisation: organisation.toObject(),
      };
    },
  };
}
