// The referral basket of a front-desk staff member, kept in their session: which services, in
// which order, with a short note each, and the client's language. No client data is asked for.
export interface BasketItem {
  slug: string;
  note?: string;
}
export interface Basket {
  items: BasketItem[];
  clientLanguage?: string;
}

/** A sheet fits about three services on one page; more than ten is no longer a referral. */
export const MAX_ITEMS = 10;

export const emptyBasket = (): Basket => ({ items: [] });

export function addItem(basket: Basket, slug: string): { basket: Basket; added: boolean } {
  if (basket.items.some((i) => i.slug === slug)) return { basket, added: true };
  if (basket.items.length >= MAX_ITEMS) return { basket, added: false };
  return { basket: { ...basket, items: [...basket.items, { slug }] }, added: true };
}

export function removeItem(basket: Basket, slug: string): Basket {
  return { ...basket, items: basket.items.filter((i) => i.slug !== slug) };
}

export function moveItem(basket: Basket, slug: string, direction: 'up' | 'down'): Basket {
  const items = [...basket.items];
  const from = items.findIndex((i) => i.slug === slug);
  const to = direction === 'up' ? from - 1 : from + 1;
  const moved = items[from];
  const other = items[to];
  // Out of the list (an unknown slug, or the first moved up, the last down): nothing moves.
  if (moved === undefined || other === undefined) return basket;
  items[from] = other;
  items[to] = moved;
  return { ...basket, items };
}

export function updateBasket(
  basket: Basket,
  changes: { notes: Record<string, string | undefined>; clientLanguage?: string },
): Basket {
  return {
    clientLanguage: changes.clientLanguage ?? basket.clientLanguage,
    items: basket.items.map((i) => {
      const note = changes.notes[i.slug];
      return note === undefined ? i : { slug: i.slug, ...(note ? { note } : {}) };
    }),
  };
}

/** The services in a basket (absent: none), in order: what pages outside the basket show
 * (the count in the account bar, "already in the referral" instead of "add"). */
export function basketSlugs(basket: Basket | undefined | null): string[] {
  return basket?.items.map((i) => i.slug) ?? [];
}
