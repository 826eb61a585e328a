// Registers every model on one Mongoose connection. No model lives on the global mongoose
// instance: tests and instances each bring their own connection.
import type { Connection } from 'mongoose';
import { buildAccountTokenSchema } from './account-token';
import { buildAuditEntrySchema } from './audit-entry';
import { buildCategorySchema } from './category';
import { buildCourseSessionSchema } from './course-session';
import { buildLocationSchema } from './location';
import { buildNeedSchema } from './need';
import { buildOrganisationSchema } from './organisation';
import { buildPendingTranslationSchema } from './pending-translation';
import { buildSearchOutboxSchema } from './search-outbox';
import { buildRateLimitCounterSchema } from './rate-limit-counter';
import { buildReferralShareSchema } from './referral-share';
import { buildServiceSchema } from './service';
import { buildUsageCountSchema } from './usage-count';
import { buildUserSchema } from './user';

export function createModels(connection: Connection, options: { localLanguage: string }) {
  const { localLanguage } = options;
  return {
    Category: connection.model('Category', buildCategorySchema(localLanguage)),
    Organisation: connection.model('Organisation', buildOrganisationSchema(localLanguage)),
    Location: connection.model('Location', buildLocationSchema()),
    Service: connection.model('Service', buildServiceSchema(localLanguage)),
    Need: connection.model('Need', buildNeedSchema(localLanguage)),
    CourseSession: connection.model('CourseSession', buildCourseSessionSchema()),
    SearchOutbox: connection.model('SearchOutbox', buildSearchOutboxSchema()),
    User: connection.model('User', buildUserSchema()),
    AccountToken: connection.model('AccountToken', buildAccountTokenSchema()),
    AuditEntry: connection.model('AuditEntry', buildAuditEntrySchema()),
    ReferralShare: connection.model('ReferralShare', buildReferralShareSchema()),
    RateLimitCounter: connection.model('RateLimitCounter', buildRateLimitCounterSchema()),
    PendingTranslation: connection.model('PendingTranslation', buildPendingTranslationSchema()),
    UsageCount: connection.model('UsageCount', buildUsageCountSchema()),
  };
}

export type Models = ReturnType<typeof createModels>;

/** Creates the declared indexes (unique slugs…); FerretDB v1 supports these plain indexes. */
export async function syncIndexes(models: Models): Promise<void> {
  for (const model of Object.values(models)) await model.createIndexes();
}
