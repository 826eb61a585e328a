// A language course's sessions (one run each): create, update (live or as a revision), seats
// left and closing registration, which publish at once.
import { randomBytes } from 'node:crypto';
import type { Actor } from '../../auth/actor';
import { publishesDirectly } from '../../auth/actor';
import { FormError } from '../../errors';
import { oneAtATime } from '../../database/one-at-a-time';
import type { SessionInput } from '../../models/editable-records';
import { sessionEditable } from '../../models/editable-records';
import { planWrite } from '../../moderation/moderation';
import { readSessionRevision } from '../../moderation/revision-data';
import type { ProviderAccess, ProviderDeps } from './provider-access';

/** The stored record's shape: optional fields absent from the input are cleared. */
const sessionFields = (input: SessionInput) => ({
  ...input,
  hoursPerWeek: input.hoursPerWeek ?? undefined,
  registrationDeadline: input.registrationDeadline ?? undefined,
  location: input.location ?? undefined,
});

export function createSessionService(deps: ProviderDeps, access: ProviderAccess) {
  const { CourseSession } = deps.models;
  const { serviceFor, sessionFor, checkLocations, recordedWrite, now } = access;
  // Saves of one session queue up (see database/one-at-a-time.ts).
  const oneEditAtATime = oneAtATime();

  return {
    async sessionForEdit(actor: Actor, sessionId: string) {
      const { session, service, organisation } = await sessionFor(actor, sessionId);
      const revision = session.revision
        ? {
            state: session.revision.state,
            comment: session.revision.comment,
            data: readSessionRevision(session.revision.data, `session ${sessionId}`),
          }
        : undefined;
      return {
        session: session.toObject(),
        service: service.toObject({ flattenMaps: true }),
        organisation: organisation.toObject(),
        values: revision?.data ?? sessionEditable(session.toObject({ flattenMaps: true })),
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
      await recordedWrite({
        save: () => session.save(),
        reindex: service._id,
        entry: {
          subject: 'session',
          subjectId: session._id,
          service: service._id,
          organisation: organisation._id,
          action: 'create',
          actor,
          after: { ...input, status: session.status },
          pending: session.status === 'pending',
        },
      });
      return { session, service };
    },

    async updateSession(actor: Actor, sessionId: string, input: SessionInput) {
      return oneEditAtATime(`session:${sessionId}`, async () => {
        const { session, service, organisation } = await sessionFor(actor, sessionId);
        await checkLocations(organisation._id, input.location ? [input.location] : [], 'location');
        const before = sessionEditable(session.toObject({ flattenMaps: true }));
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
        await recordedWrite({
          save: () => session.save(),
          // A revision changes nothing public: the index keeps the live version.
          reindex: plan.target === 'live' ? service._id : [],
          entry: {
            subject: 'session',
            subjectId: session._id,
            service: service._id,
            organisation: organisation._id,
            action: plan.target === 'revision' ? 'submit' : 'edit',
            actor,
            before,
            after: input,
            pending: plan.target === 'revision' || session.status === 'pending',
          },
        });
        return { session, service, plan };
      });
    },

    /** Seats left change weekly: published at once, no review. */
    async updateSeats(actor: Actor, sessionId: string, seatsLeft: number) {
      const { session, service, organisation } = await sessionFor(actor, sessionId);
      if (seatsLeft > session.capacity) throw new FormError({ seatsLeft: 'seatsOverCapacity' });
      const before = session.seatsLeft;
      session.seatsLeft = seatsLeft;
      await recordedWrite({
        save: () => session.save(),
        reindex: service._id,
        entry: {
          subject: 'session',
          subjectId: session._id,
          service: service._id,
          organisation: organisation._id,
          action: 'seats',
          actor,
          before: { seatsLeft: before },
          after: { seatsLeft },
        },
      });
      return { session, service };
    },

    async closeRegistration(actor: Actor, sessionId: string) {
      const { session, service, organisation } = await sessionFor(actor, sessionId);
      session.registrationOpen = false;
      await recordedWrite({
        save: () => session.save(),
        reindex: service._id,
        entry: {
          subject: 'session',
          subjectId: session._id,
          service: service._id,
          organisation: organisation._id,
          action: 'close-registration',
          actor,
          before: { registrationOpen: true },
          after: { registrationOpen: false },
        },
      });
      return { session, service };
    },
  };
}
