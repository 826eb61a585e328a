// The signed-in person as the rest of the server sees them, and what each role may do. Every
// write checks these on the server; templates only hide buttons.
import { ForbiddenError } from '../errors';
import type { Role } from '../models/vocabulary';

export interface Actor {
  id: string;
  email: string;
  name?: string;
  role: Role;
  /** Editors only. */
  organisation?: string;
  /** Translators only: the languages they may write, and whether saves publish at once. */
  languages?: string[];
  translatorTrusted?: boolean;
}

export const isCoordinator = (actor: Actor | undefined) => actor?.role === 'coordinator';

/** Coordinator-only writes check this in their service too, whoever calls them (not only routes). */
export function assertCoordinator(actor: Actor | undefined): asserts actor is Actor {
  if (!isCoordinator(actor)) throw new ForbiddenError('coordinators only');
}

/** Editors of the organisation, and coordinators (who manage every organisation). */
export function canManageOrganisation(actor: Actor | undefined, organisationId: unknown): boolean {
  if (!actor) return false;
  if (actor.role === 'coordinator') return true;
  return actor.role === 'editor' && actor.organisation === String(organisationId);
}

/** Coordinators publish directly; editors only when their organisation is trusted. */
export function publishesDirectly(actor: Actor, organisation: { trusted?: boolean | null }) {
  return actor.role === 'coordinator' || (actor.role === 'editor' && Boolean(organisation.trusted));
}
