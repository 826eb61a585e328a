// Writes audit entries (who, when, what changed field by field) and reads a service's history.
import type { Types } from 'mongoose';
import type { Actor } from '../auth/actor';
import type { Models } from '../models';
import type { AuditAction, AuditSubject } from '../models/audit-entry';
import { diffFields } from './field-diff';

/** Secrets never reach the log, whatever a caller passes: the log is read by every coordinator. */
const SECRET_FIELD = /password|token|secret/i;

export interface AuditRecord {
  subject: AuditSubject;
  subjectId: Types.ObjectId | string;
  service?: Types.ObjectId | string;
  organisation?: Types.ObjectId | string;
  action: AuditAction;
  actor: Actor;
  before?: unknown;
  after?: unknown;
  pending?: boolean;
  comment?: string;
  at?: Date;
}

export function createAuditLog(models: Models) {
  return {
    async record(entry: AuditRecord): Promise<void> {
      await models.AuditEntry.create({
        subject: entry.subject,
        subjectId: entry.subjectId,
        service: entry.service,
        organisation: entry.organisation,
        action: entry.action,
        actor: entry.actor.id,
        actorEmail: entry.actor.email,
        at: entry.at ?? new Date(),
        pending: entry.pending ?? false,
        comment: entry.comment,
        changes: diffFields(entry.before ?? {}, entry.after ?? {}).filter(
          (change) => !SECRET_FIELD.test(change.field),
        ),
      });
    },
    /** Newest first: the service's own changes and its sessions'. */
    async historyOfService(serviceId: Types.ObjectId | string) {
      return models.AuditEntry.find({ service: serviceId }).sort({ at: -1 }).limit(200).lean();
    },
  };
}

export type AuditLog = ReturnType<typeof createAuditLog>;
