// "Only free ones": each filter the query's words asked for ("gratuit", "مجاني", "ücretsiz")
// and the search does not apply yet, as a link to the same search with that filter set. The
// results themselves are never narrowed silently (see query-intent.ts).
import type { TFunction } from 'i18next';
import type { AskedFilter } from '../../search/query-intent';

export interface FilterOfferLink {
  href: string;
  label: string;
}

export function filterOfferLinks(
  offers: AskedFilter[],
  raw: URLSearchParams,
  base: string,
  t: TFunction,
): FilterOfferLink[] {
  return offers.map(({ intent, param, value }) => {
    const params = new URLSearchParams(raw);
    params.delete('page');
    // Single-valued parameters are replaced, repeatable ones get one more value.
    if (['cost', 'weekend', 'childcare'].includes(param)) params.set(param, value);
    else params.append(param, value);
    return {
      href: `${base}?${params.toString()}`,
      label: t(`search.offers.${intent}`, { level: value }),
    };
  });
}
