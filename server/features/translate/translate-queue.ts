// The translators' queue (issue #16): in the translator's languages, the texts missing or older
// than the local text, the most viewed listings first. Views are the anonymous counts of listing
// pages opened (models/usage-count.ts) over the last VIEWS_WINDOW_DAYS days: a place, an
// organisation and a need rank by the views of the published listings at it, of it or carrying
// it, since that is how often a newcomer reads their texts. Ties: outdated first (a reader sees
// a wrong text), then the most recent local change.
import type { Models } from '../../models';
import type { TranslatableKind } from '../../models/pending-translation';
import { listingViewsSince } from '../../models/usage-count';
import type { Plain } from './translate-texts';
import { localChangedAt, stateOf, titleOf } from './translate-texts';

/** Days of listing views the queue ranks by (today included). */
export const VIEWS_WINDOW_DAYS = 90;

export interface QueueItem {
  kind: TranslatableKind;
  id: string;
  lang: string;
  title: string;
  state: 'missing' | 'outdated';
  localChangedAt: Date;
  /** Listing pages opened over the last VIEWS_WINDOW_DAYS days (see the top of this file). */
  views: number;
}

/** Needs are carried by slug; the other kinds are counted by id. */
const keyOf = (kind: TranslatableKind, record: Plain) =>
  `${kind}:${String(kind === 'need' ? record.slug : record._id)}`;

export function createTranslateQueue(deps: {
  models: Models;
  localLanguage: string;
  now: () => Date;
}) {
  const { models, localLanguage } = deps;

  async function records(): Promise<[TranslatableKind, Plain[]][]> {
    const [services, locations, organisations, needs] = await Promise.all([
      models.Service.find({ status: 'published' }).lean<Plain[]>(),
      models.Location.find().lean<Plain[]>(),
      models.Organisation.find().lean<Plain[]>(),
      models.Need.find({ mergedInto: null }).lean<Plain[]>(),
    ]);
    return [
      ['service', services],
      ['location', locations],
      ['organisation', organisations],
      ['need', needs],
    ];
  }

  /** Views of every record, by keyOf(). */
  async function viewsOf(services: Plain[]): Promise<Map<string, number>> {
    // A copy: the clock's own Date is not ours to change.
    const since = new Date(deps.now().getTime());
    since.setUTCHours(0, 0, 0, 0);
    since.setUTCDate(since.getUTCDate() - (VIEWS_WINDOW_DAYS - 1));
    const bySlug = await listingViewsSince(models, since);
    const views = new Map<string, number>();
    const bump = (key: string, n: number) => views.set(key, (views.get(key) ?? 0) + n);
    for (const s of services) {
      const n = bySlug.get(String(s.slug)) ?? 0;
      if (n === 0) continue;
      bump(`service:${String(s._id)}`, n);
      bump(`organisation:${String(s.organisation)}`, n);
      for (const l of (s.locations as unknown[] | undefined) ?? [])
        bump(`location:${String(l)}`, n);
      for (const need of (s.needs as string[] | undefined) ?? []) bump(`need:${need}`, n);
    }
    return views;
  }

  return async function queue(langs: readonly string[]): Promise<QueueItem[]> {
    const all = await records();
    const services = all.find(([kind]) => kind === 'service')?.[1] ?? [];
    const views = await viewsOf(services);
    const items: QueueItem[] = [];
    for (const lang of langs) {
      for (const [kind, list] of all) {
        for (const record of list) {
          const state = stateOf(kind, record, lang, localLanguage);
          if (!state) continue;
          items.push({
            kind,
            id: String(record._id),
            lang,
            title: titleOf(kind, record, localLanguage),
            state,
            localChangedAt: localChangedAt(record, localLanguage),
            views: views.get(keyOf(kind, record)) ?? 0,
          });
        }
      }
    }
    return items.sort(
      (a, b) =>
        b.views - a.views ||
        Number(b.state === 'outdated') - Number(a.state === 'outdated') ||
        b.localChangedAt.getTime() - a.localChangedAt.getTime(),
    );
  };
}
