// An organisation as its editors see it: the dashboard and the profile (name, description,
// contact). Services show the organisation's name, so a profile change re-indexes them.
import type { Actor } from '../../auth/actor';
import { DAY_MS } from '../../models/vocabulary';
import type { ProviderAccess, ProviderDeps } from './provider-access';
import { noteTextChanges } from '../../i18n/text-changes';
import type { OrganisationInput } from './place-forms';

export function createOrganisationService(deps: ProviderDeps, access: ProviderAccess) {
  const { Location, Service, CourseSession } = deps.models;
  const { organisationFor, servicesOf, recordedWrite, now } = access;

  return {
    isStale: (lastVerifiedAt: Date | null | undefined) =>
      !lastVerifiedAt || now().getTime() - lastVerifiedAt.getTime() > deps.staleAfterDays * DAY_MS,

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

    async updateOrganisation(actor: Actor, organisationId: string, input: OrganisationInput) {
      const organisation = await organisationFor(actor, organisationId);
      const before = organisation.toObject({ flattenMaps: true });
      organisation.set({
        ...input,
        website: input.website ?? undefined,
        email: input.email ?? undefined,
        phone: input.phone ?? undefined,
      });
      noteTextChanges(organisation, before.description, input.description, {
        localLanguage: deps.localLanguage,
        at: now(),
      });
      await recordedWrite({
        save: () => organisation.save(),
        reindex: await servicesOf(organisation._id),
        entry: {
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
        },
      });
      return organisation;
    },
  };
}

export type Dashboard = Awaited<
  ReturnType<ReturnType<typeof createOrganisationService>['dashboard']>
>;
