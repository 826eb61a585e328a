// The API reference's page: counts and flags around one page of `contents`.

type Json = Record<string, unknown>;

export interface HsdsPage {
  total_items: number;
  total_pages: number;
  page_number: number;
  size: number;
  first_page: boolean;
  last_page: boolean;
  empty: boolean;
  contents: Json[];
}

export function pageOf<T>(
  items: T[],
  page: number,
  perPage: number,
  map: (item: T) => Json,
): HsdsPage {
  const totalPages = Math.max(1, Math.ceil(items.length / perPage));
  const contents = items.slice((page - 1) * perPage, page * perPage).map(map);
  return {
    total_items: items.length,
    total_pages: totalPages,
    page_number: page,
    size: contents.length,
    first_page: page === 1,
    last_page: page >= totalPages,
    empty: items.length === 0,
    contents,
  };
}
