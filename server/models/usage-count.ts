// Usage counts (issue #18): how often the directory was searched, which listings were opened and
// which were printed on referral sheets, as anonymous counters per day. Never who: a document
// holds no address, session, account, user agent or time of day, and the words of a search only
// when it found nothing (what the coordinator must see to close the gap), normalised.
// One document per distinct combination and day; the recorder adds to `count` with $inc upserts
// keyed by `_id` alone (the one filter FerretDB v1 answers from its primary key).
import { Schema } from 'mongoose';
import type { InferSchemaType } from 'mongoose';
import type { Models } from './index';
import { LANGUAGE_CODE } from './vocabulary';

export const USAGE_KINDS = ['search', 'view', 'sheet'] as const;
export type UsageKind = (typeof USAGE_KINDS)[number];

/** Every field a usage document may hold (the schema test holds stored documents to it). */
export const USAGE_FIELDS = [
  '_id',
  'day',
  'kind',
  'language',
  'categories',
  'needs',
  'filters',
  'zeroResult',
  'query',
  'service',
  'count',
] as const;

export function buildUsageCountSchema() {
  const schema = new Schema(
    {
      /** The combination below, as one string: the upsert's whole filter. */
      _id: { type: String, required: true },
      /** UTC midnight of the day counted; the retention sweep removes old days. */
      day: { type: Date, required: true },
      kind: { type: String, enum: USAGE_KINDS, required: true },
      /** Interface language of the search or page; for sheets, the client's language. */
      language: { type: String, required: true, match: LANGUAGE_CODE },
      /** Category filters of a search (sorted slugs). */
      categories: { type: [String], default: undefined },
      /** Needs whose words the search used (sorted slugs). */
      needs: { type: [String], default: undefined },
      /** Names (never values) of the other filters a search used, sorted. */
      filters: { type: [String], default: undefined },
      /** A search that found nothing. */
      zeroResult: { type: Boolean },
      /** Normalised words of a search that found nothing; absent otherwise. */
      query: { type: String, maxlength: 200 },
      /** Slug of the service viewed or printed. */
      service: { type: String, maxlength: 120 },
      count: { type: Number, required: true, min: 0 },
    },
    // Strict: a field not declared here is never written.
    { versionKey: false, strict: 'throw' },
  );
  // Every insight view reads one kind over a range of days.
  schema.index({ kind: 1, day: 1 });
  return schema;
}

export type UsageCountDoc = InferSchemaType<ReturnType<typeof buildUsageCountSchema>>;

/**
 * Listing views counted since `since` (UTC midnight included), by service slug: a view is a
 * `kind: 'view'` document whose `service` is the slug of the listing page opened (the insight
 * recorder writes them). Read here, beside the model, so other features rank by views without
 * reaching into the insight feature.
 */
export async function listingViewsSince(
  models: Pick<Models, 'UsageCount'>,
  since: Date,
): Promise<Map<string, number>> {
  const counts = await models.UsageCount.find(
    { kind: 'view', day: { $gte: since } },
    { service: 1, count: 1 },
  ).lean();
  const views = new Map<string, number>();
  for (const c of counts) {
    if (c.service) views.set(c.service, (views.get(c.service) ?? 0) + c.count);
  }
  return views;
}
