// Referral sheets: each service of the basket in the client's language and the local one, side
// by side, with a QR code to its live page; and short-lived share links (30 days) that open the
// same sheet on the client's phone.
import { randomBytes } from 'node:crypto';
import QRCode from 'qrcode';
import type { TFunction } from 'i18next';
import { formatDate, formatList } from '../../i18n/formatters';
import type { Models } from '../../models';
import { DAY_MS } from '../../models/vocabulary';
import type { DirectoryService } from '../../ports';
import type { BasketItem } from './referral-basket';
import { PAGE_MARK, PAGES_MARK } from './sheet-pages';

const SHARE_DAYS = 30;

/** Inline SVG QR code; `label` names it for screen readers. */
export async function qrSvg(url: string, label: string): Promise<string> {
  const svg = await QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 1 });
  const safe = label.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
  return svg.replace('<svg ', `<svg role="img" aria-label="${safe}" `);
}

/** "Rue du Port 5, 1003 Lausanne": the address as written locally (the local language's own). */
function addressLine(l: {
  street?: string | null;
  postcode?: string | null;
  city?: string | null;
}) {
  const town = [l.postcode, l.city].filter(Boolean).join(' ');
  return [l.street, town].filter(Boolean).join(', ');
}

/** A map search for an address that has no coordinates. */
export function osmSearchUrl(address: string): string {
  return `https://www.openstreetmap.org/search?query=${encodeURIComponent(address)}`;
}

/**
 * A number a phone can dial: "+41 21 555 10 00" → "tel:+41215551000" (RFC 3966: digits and a
 * leading "+" only; "0041…" becomes "+41…"). Nothing when there is no digit to dial.
 */
export function telHref(phone: string | null | undefined): string {
  const trimmed = (phone ?? '').trim();
  let digits = trimmed.replace(/\D/g, '');
  if (!digits) return '';
  let plus = trimmed.startsWith('+');
  if (!plus && digits.startsWith('00')) {
    digits = digits.slice(2);
    plus = true;
  }
  return `tel:${plus ? '+' : ''}${digits}`;
}

export function createReferralService(deps: {
  models: Models;
  directory: DirectoryService;
  translatorFor: (lang: string) => TFunction;
  directionOf: (lang: string) => 'ltr' | 'rtl';
  localLanguage: string;
  baseUrl: string;
  now?: () => Date;
}) {
  const now = () => deps.now?.() ?? new Date();

  /** One language's column of the sheet: the service page's data plus its own labels. */
  async function column(slug: string, lang: string) {
    const t = deps.translatorFor(lang);
    const ctx = { lang, localLanguage: deps.localLanguage, t, now: now() };
    const page = await deps.directory.servicePage(slug, ctx);
    const separator = t('referral:sheet.separator');
    // Compact for paper: "lundi, mardi et mercredi 14:00–21:30 ; samedi 08:30–12:30". Each time
    // range is its own item so the template keeps it on one line (never "07:30–" / "18:00").
    const slots = (list: { day: string; opens: string; closes: string }[]) => {
      const groups = new Map<string, string[]>();
      for (const slot of list) {
        const hours = `${slot.opens}–${slot.closes}`;
        groups.set(hours, [...(groups.get(hours) ?? []), slot.day]);
      }
      return [...groups].map(([hours, days]) => ({ days: formatList(days, lang), hours }));
    };
    return {
      lang,
      dir: deps.directionOf(lang),
      ...page,
      // A sheet has room for the next two sessions; the QR code leads to the rest.
      sessions: page.sessions.slice(0, 2),
      schedule: slots(page.schedule),
      locations: page.locations.map((l) => {
        const address = addressLine(l);
        return {
          ...l,
          address,
          // Every address gets a map: the place's coordinates, else a search for its address.
          mapUrl: l.mapUrl || (address ? osmSearchUrl(address) : ''),
          openingHours: slots(l.openingHours),
        };
      }),
      contact: { ...page.contact, phoneHref: telHref(page.contact.phone) },
      // Lists in the language's own punctuation (Arabic "، ", not a Latin comma).
      documents: { ...page.documents, text: page.documents.items.join(separator) },
      accessText: page.access.join(separator),
      checkedOn: t('referral:sheet.checkedOn', { date: page.checkedOn }),
      labels: {
        where: t('service.where'),
        when: t('service.when'),
        sessions: t('sessions.heading'),
        cost: t('service.cost'),
        documents: t('service.documents'),
        noDocuments: t('service.noDocuments'),
        access: t('service.howToAccess'),
        phone: t('contact.phone'),
        transport: t('location.transport'),
        map: t('referral:sheet.map'),
        openingHours: t('location.openingHours'),
        note: t('referral:sheet.note'),
        scan: t('referral:sheet.scan'),
        separator,
        groupSeparator: t('referral:sheet.groupSeparator'),
      },
    };
  }

  return {
    /** Throws NotFoundError unless the service is published. */
    async checkPublished(slug: string): Promise<void> {
      await deps.directory.servicePage(slug, {
        lang: deps.localLanguage,
        localLanguage: deps.localLanguage,
        t: deps.translatorFor(deps.localLanguage),
        now: now(),
      });
    },

    /** Short names for the basket page, in the staff's language. */
    async basketLines(items: BasketItem[], lang: string) {
      return Promise.all(
        items.map(async (item) => {
          const c = await column(item.slug, lang).catch(() => undefined);
          return {
            ...item,
            name: c?.name.text ?? item.slug,
            organisation: c?.organisation.name ?? '',
            gone: !c,
          };
        }),
      );
    },

    async sheet(items: BasketItem[], clientLanguage: string) {
      const local = deps.localLanguage;
      const sameLanguage = clientLanguage === local;
      const services = [];
      for (const item of items) {
        // A service unpublished since it was added is left out, not an error for the client.
        const client = await column(item.slug, clientLanguage).catch(() => undefined);
        if (!client) continue;
        const localColumn = sameLanguage ? undefined : await column(item.slug, local);
        const liveUrl = `${deps.baseUrl}/${clientLanguage}/services/${item.slug}`;
        services.push({
          client,
          local: localColumn,
          note: item.note ?? '',
          liveUrl,
          qr: await qrSvg(liveUrl, client.labels.scan),
        });
      }
      const tc = deps.translatorFor(clientLanguage);
      const tl = deps.translatorFor(local);
      const date = now();
      return {
        clientLang: clientLanguage,
        clientDir: deps.directionOf(clientLanguage),
        localLang: local,
        localDir: deps.directionOf(local),
        sameLanguage,
        title: { client: tc('referral:sheet.title'), local: tl('referral:sheet.title') },
        // For the printed pages' footer (sheet-pages.ts puts the page counters in).
        pageOf: tc('referral:sheet.pageOf', { page: PAGE_MARK, pages: PAGES_MARK }),
        date: {
          client: tc('referral:sheet.date', { date: formatDate(date, clientLanguage) }),
          local: tl('referral:sheet.date', { date: formatDate(date, local) }),
        },
        services,
      };
    },

    async createShare(items: BasketItem[], clientLanguage: string): Promise<string> {
      const token = randomBytes(16).toString('base64url');
      await deps.models.ReferralShare.create({
        _id: token,
        items: items.map((i) => ({ slug: i.slug, ...(i.note ? { note: i.note } : {}) })),
        clientLanguage,
        expiresAt: new Date(now().getTime() + SHARE_DAYS * DAY_MS),
      });
      return token;
    },

    /** The shared referral, or null when the link is unknown or expired. */
    async loadShare(token: string) {
      const share = await deps.models.ReferralShare.findById(token).lean();
      if (!share || share.expiresAt <= now()) return null;
      return {
        items: share.items.map((i) => ({ slug: i.slug, ...(i.note ? { note: i.note } : {}) })),
        clientLanguage: share.clientLanguage,
      };
    },

    shareUrl: (token: string, lang: string) => `${deps.baseUrl}/${lang}/r/${token}`,
  };
}

export type ReferralService = ReturnType<typeof createReferralService>;
