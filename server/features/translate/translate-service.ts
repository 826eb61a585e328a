// Community translators (issue #16): the queue of texts missing or older than the local text in
// the translator's languages, the side-by-side editor's data, saves (published at once for
// translators the coordinator trusts, otherwise proposed for review), the review of proposals and
// the coordinator's coverage figures. Only texts can be written here: every write names its
// fields from TEXT_FIELDS, never from the request.
import type { Types } from 'mongoose';
import type { Actor } from '../../auth/actor';
import { ForbiddenError, NotFoundError } from '../../errors';
import type { Models } from '../../models';
import { cleanTerms } from '../../models/need';
import type { TranslatableKind } from '../../models/pending-translation';
import type { AuditLog } from '../../moderation/audit-log';
import type { Indexer } from '../../search/indexer';
import { reindexServicesCarrying } from '../../search/reindex-needs';
import { translationState } from '../../i18n/provenance';
import { createTranslateQueue } from './translate-queue';
import type { Plain, Texts } from './translate-texts';
import { LIST_FIELDS, TEXT_FIELDS, pathOf, stateOf, textsIn, titleOf } from './translate-texts';

export type { Texts } from './translate-texts';

/** What this service asks of a record of any kind (each model is checked against it, not cast):
 * the four models' own method types are too different to call through their union. */
interface TranslatableRecord {
  _id: Types.ObjectId;
  /** Services, organisations and needs have one; places do not. */
  slug?: string | null;
  set(path: string, value: unknown): unknown;
  save(): Promise<unknown>;
  toObject(options: { flattenMaps: true }): Plain;
}
interface TranslatableModel {
  findById(id: string): PromiseLike<TranslatableRecord | null> & {
    lean<T>(): PromiseLike<T | null>;
  };
}

export function createTranslateService(deps: {
  models: Models;
  audit: AuditLog;
  indexer: Indexer;
  localLanguage: string;
  languages: readonly string[];
  now?: () => Date;
}) {
  const { models, audit, indexer, localLanguage } = deps;
  const now = () => deps.now?.() ?? new Date();
  const modelOf = (kind: TranslatableKind): TranslatableModel =>
    ({
      service: models.Service,
      location: models.Location,
      organisation: models.Organisation,
      need: models.Need,
    })[kind];
  const queue = createTranslateQueue({ models, localLanguage, now });

  /** The languages this person may write: never the local one (the provider's text). */
  function languagesOf(actor: Actor): string[] {
    const offered = deps.languages.filter((l) => l !== localLanguage);
    if (actor.role === 'coordinator') return offered;
    if (actor.role === 'translator') return offered.filter((l) => actor.languages?.includes(l));
    return [];
  }
  function checkLanguage(actor: Actor, lang: string) {
    if (!languagesOf(actor).includes(lang)) throw new ForbiddenError(`language ${lang}`);
  }

  async function apply(
    actor: Actor,
    kind: TranslatableKind,
    id: string,
    lang: string,
    texts: Texts,
    reviewed: boolean,
    by: { id: string; at: Date },
  ) {
    const record = await modelOf(kind).findById(id);
    if (!record) throw new NotFoundError(kind);
    const before = textsIn(kind, record.toObject({ flattenMaps: true }), lang);
    for (const field of TEXT_FIELDS[kind]) {
      const value = texts[field]?.trim() ?? '';
      const lines = value
        .split('\n')
        .map((l) => l.trim())
        .filter(Boolean);
      // An empty box leaves the text as it was: removing a translation is the provider's call.
      if (!value) continue;
      const list = field === 'terms' ? cleanTerms(lines) : lines;
      record.set(`${pathOf(field)}.${lang}`, LIST_FIELDS.includes(field) ? list : value);
    }
    record.set(`textUpdatedAt.${lang}`, by.at);
    record.set(`translations.${lang}`, { by: 'translator', at: by.at, reviewed, user: by.id });
    if (kind === 'service') await indexer.serviceWillChange(record._id);
    await record.save();
    const after = textsIn(kind, record.toObject({ flattenMaps: true }), lang);
    await audit.record({
      subject: kind,
      subjectId: record._id,
      ...(kind === 'service' ? { service: record._id } : {}),
      action: reviewed && actor.id !== by.id ? 'approve' : 'edit',
      actor,
      before: { [lang]: before },
      after: { [lang]: after },
      comment: `translation ${lang}`,
    });
    if (kind === 'service') await indexer.serviceChanged(record._id);
    // A need's words in this language: search finds its listings by them at once.
    if (kind === 'need') await reindexServicesCarrying(models, indexer, [String(record.slug)]);
  }

  return {
    languagesOf,

    /** Texts to translate, the most viewed first (translate-queue.ts). */
    async queue(actor: Actor, only?: string) {
      return queue(languagesOf(actor).filter((l) => !only || l === only));
    },

    /** The editor's data: the local text, the text being written, and one more language. */
    async editor(actor: Actor, kind: TranslatableKind, id: string, lang: string, also?: string) {
      checkLanguage(actor, lang);
      const record = await modelOf(kind).findById(id).lean<Plain>();
      if (!record) throw new NotFoundError(kind);
      return {
        title: titleOf(kind, record, localLanguage),
        local: textsIn(kind, record, localLanguage),
        own: textsIn(kind, record, lang),
        also: also ? textsIn(kind, record, also) : undefined,
        state: stateOf(kind, record, lang, localLanguage),
        fields: TEXT_FIELDS[kind],
      };
    },

    /** Published at once when the coordinator trusts this translator; else proposed. */
    async save(actor: Actor, kind: TranslatableKind, id: string, lang: string, texts: Texts) {
      checkLanguage(actor, lang);
      const only = Object.fromEntries(TEXT_FIELDS[kind].map((f) => [f, texts[f] ?? '']));
      const at = now();
      if (actor.role === 'coordinator' || actor.translatorTrusted) {
        await apply(actor, kind, id, lang, only, actor.role === 'coordinator', {
          id: actor.id,
          at,
        });
        return 'published' as const;
      }
      const record = await modelOf(kind).findById(id).lean<Plain>();
      if (!record) throw new NotFoundError(kind);
      await models.PendingTranslation.create({
        kind,
        subject: record._id as string,
        lang,
        texts: only,
        user: actor.id,
        userEmail: actor.email,
        at,
      });
      await audit.record({
        subject: kind,
        subjectId: record._id as string,
        ...(kind === 'service' ? { service: record._id as string } : {}),
        action: 'submit',
        actor,
        before: { [lang]: textsIn(kind, record, lang) },
        after: { [lang]: only },
        pending: true,
        comment: `translation ${lang}`,
      });
      return 'pending' as const;
    },

    async pending() {
      return models.PendingTranslation.find().sort({ at: 1 }).limit(200).lean();
    },

    async review(actor: Actor, pendingId: string, approve: boolean) {
      const proposal = await models.PendingTranslation.findById(pendingId).lean();
      if (!proposal) throw new NotFoundError('translation');
      const kind = proposal.kind;
      if (approve) {
        const texts: Texts = Object.fromEntries(Object.entries(proposal.texts));
        await apply(actor, kind, String(proposal.subject), proposal.lang, texts, true, {
          id: String(proposal.user),
          at: now(),
        });
      } else {
        await audit.record({
          subject: kind,
          subjectId: proposal.subject,
          ...(kind === 'service' ? { service: proposal.subject } : {}),
          action: 'return',
          actor,
          comment: `translation ${proposal.lang}`,
        });
      }
      await models.PendingTranslation.deleteOne({ _id: proposal._id });
    },

    /** Per language: published services with their own name, summary and description; outdated. */
    async coverage() {
      const services = await models.Service.find({ status: 'published' }).lean<Plain[]>();
      return deps.languages
        .filter((l) => l !== localLanguage)
        .map((lang) => {
          let own = 0;
          let outdated = 0;
          for (const s of services) {
            const t = textsIn('service', s, lang);
            if (t.name && t.summary && t.description) own++;
            if (translationState(s, lang, localLanguage).outdated) outdated++;
          }
          const share = (n: number) =>
            services.length ? Math.round((n / services.length) * 100) : 0;
          return {
            lang,
            total: services.length,
            own,
            outdated,
            ownShare: share(own),
            outdatedShare: share(outdated),
          };
        });
    },

    async setTrusted(actor: Actor, userId: string, trusted: boolean) {
      const user = await models.User.findOne({ _id: userId, role: 'translator' });
      if (!user) throw new NotFoundError('user');
      const before = user.translatorTrusted;
      user.set({ translatorTrusted: trusted });
      await user.save();
      await audit.record({
        subject: 'user',
        subjectId: user._id,
        action: 'flags',
        actor,
        before: { translatorTrusted: before },
        after: { translatorTrusted: trusted },
      });
    },

    async translators() {
      return models.User.find({ role: 'translator' }).sort({ email: 1 }).lean();
    },
  };
}

export type TranslateService = ReturnType<typeof createTranslateService>;
