// An organisation's places (locations): the forms' data, create and edit. Services show their
// places in search documents, so a change re-indexes the organisation's services.
import type { Types } from 'mongoose';
import type { Actor } from '../../auth/actor';
import { jsonShape } from '../../models/editable-records';
import type { ProviderAccess, ProviderDeps } from './provider-access';
import { slugify } from './provider-access';
import { noteTextChanges } from '../../i18n/text-changes';
import type { LocationInput } from './place-forms';

export function createPlaceService(deps: ProviderDeps, access: ProviderAccess) {
  const { Location } = deps.models;
  const { organisationFor, locationFor, servicesAt, recordedWrite, now } = access;

  return {
    async locationsOf(organisationId: Types.ObjectId | string) {
      return Location.find({ organisation: organisationId }).sort({ name: 1 }).lean();
    },

    async locationForEdit(actor: Actor, locationId: string) {
      const { location, organisation } = await locationFor(actor, locationId);
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
      let before = {};
      let location;
      if ('locationId' in target) {
        ({ location } = await locationFor(actor, target.locationId));
        // As the audit log compares them: ObjectIds and dates as text.
        const was = jsonShape(location.toObject({ flattenMaps: true }));
        before = {
          name: was.name,
          address: was.address,
          district: was.district,
          geo: was.geo,
          accessibility: was.accessibility,
          transport: was.transport,
        };
        location.set({
          ...input,
          district: input.district ?? undefined,
          geo: input.geo ?? undefined,
        });
        noteTextChanges(location, was.transport, input.transport, {
          localLanguage: deps.localLanguage,
          at: now(),
        });
      } else {
        const organisation = await organisationFor(actor, target.organisationId);
        location = new Location({
          ...input,
          organisation: organisation._id,
          key: slugify(input.name),
        });
      }
      const saved = location;
      await recordedWrite({
        save: () => saved.save(),
        // Only the services held at this place show it (district, map point); a new place is
        // held by none yet.
        reindex: 'locationId' in target ? await servicesAt(saved._id) : [],
        entry: {
          subject: 'location',
          subjectId: saved._id,
          organisation: saved.organisation,
          action: 'locationId' in target ? 'edit' : 'create',
          actor,
          before,
          after: input,
        },
      });
      return saved;
    },
  };
}
