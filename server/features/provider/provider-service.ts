// The provider area: an organisation's services, course sessions, profile and places. Every
// function checks on the server that the actor may touch the record (their own organisation, or
// any as coordinator: provider-access.ts), applies the moderation rules and records the change
// in the audit log (moderation/recorded-write.ts). One file per thing managed.
import type { ProviderDeps } from './provider-access';
import { createProviderAccess } from './provider-access';
import { createOrganisationService } from './organisation-service';
import { createPlaceService } from './place-service';
import { createServiceService } from './service-service';
import { createSessionService } from './session-service';

// Record readers shared with the coordinator's review (admin); kept importable from here.
export { serviceEditable, sessionEditable } from '../../models/editable-records';

export function createProviderService(deps: ProviderDeps) {
  const access = createProviderAccess(deps);
  return {
    ...createOrganisationService(deps, access),
    ...createServiceService(deps, access),
    ...createSessionService(deps, access),
    ...createPlaceService(deps, access),
  };
}

export type ProviderService = ReturnType<typeof createProviderService>;
