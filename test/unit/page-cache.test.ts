// The rendered-page cache (web/page-cache.ts) without HTTP: a kept page is valid while the index
// version is the same and for ttlMs at most; a full cache makes room by dropping its oldest page.
import { createPageCache } from '../../server/web/page-cache';

const T0 = Date.UTC(2026, 11, 3, 10);

describe('createPageCache', () => {
  it('has nothing before a page is kept, and nothing under an empty key', () => {
    const cache = createPageCache();
    expect(cache.get('/fr/search', 1, T0)).toBeUndefined();
    cache.set('/fr/search', '<p>a</p>', 1, T0);
    expect(cache.get('', 1, T0)).toBeUndefined();
  });

  it('gives back the page as bytes with a weak ETag that follows the content', () => {
    const cache = createPageCache();
    cache.set('/fr/search?q=cours', '<p>Cours de français – 12 résultats</p>', 1, T0);
    cache.set('/fr/search?q=yoga', '<p>Cours de français – 12 résultats</p>', 1, T0);
    cache.set('/fr/search?q=logement', '<p>Logement</p>', 1, T0);
    const page = cache.get('/fr/search?q=cours', 1, T0)!;
    expect(page.body.toString('utf8')).toBe('<p>Cours de français – 12 résultats</p>');
    expect(page.etag).toMatch(/^W\/"/);
    expect(cache.get('/fr/search?q=yoga', 1, T0)!.etag).toBe(page.etag);
    expect(cache.get('/fr/search?q=logement', 1, T0)!.etag).not.toBe(page.etag);
  });

  it('drops a page once the index version has changed, even if asked again with the old one', () => {
    const cache = createPageCache();
    cache.set('/fr/search', 'v1', 1, T0);
    expect(cache.get('/fr/search', 2, T0)).toBeUndefined();
    expect(cache.get('/fr/search', 1, T0)).toBeUndefined();
  });

  it('keeps a page for ttlMs, up to and including its last millisecond', () => {
    const cache = createPageCache({ ttlMs: 1_000 });
    cache.set('/fr/search', 'page', 1, T0);
    expect(cache.get('/fr/search', 1, T0 + 1_000)).toBeDefined();
    expect(cache.get('/fr/search', 1, T0 + 1_001)).toBeUndefined();
  });

  it('keeps 5 seconds when not told otherwise', () => {
    const cache = createPageCache();
    cache.set('/fr/search', 'page', 1, T0);
    expect(cache.get('/fr/search', 1, T0 + 5_000)).toBeDefined();
    expect(cache.get('/fr/search', 1, T0 + 5_001)).toBeUndefined();
  });

  it('holds at most `size` pages and drops the oldest first', () => {
    const cache = createPageCache({ size: 3 });
    for (const key of ['a', 'b', 'c', 'd']) cache.set(key, key, 1, T0);
    expect(cache.get('a', 1, T0)).toBeUndefined();
    expect(['b', 'c', 'd'].map((key) => cache.get(key, 1, T0)?.body.toString())).toEqual([
      'b',
      'c',
      'd',
    ]);
    cache.set('e', 'e', 1, T0);
    expect(cache.get('b', 1, T0)).toBeUndefined();
    expect(cache.get('e', 1, T0)?.body.toString()).toBe('e');
  });

  it('holds 300 pages when not told otherwise', () => {
    const cache = createPageCache();
    for (let i = 0; i <= 300; i++) cache.set(`/fr/search?page=${i}`, String(i), 1, T0);
    expect(cache.get('/fr/search?page=0', 1, T0)).toBeUndefined();
    expect(cache.get('/fr/search?page=1', 1, T0)?.body.toString()).toBe('1');
    expect(cache.get('/fr/search?page=300', 1, T0)?.body.toString()).toBe('300');
  });

  it('replaces a page kept under the same key with the newer one', () => {
    const cache = createPageCache();
    cache.set('/fr/search', 'old', 1, T0);
    cache.set('/fr/search', 'new', 2, T0 + 10);
    expect(cache.get('/fr/search', 2, T0 + 10)?.body.toString()).toBe('new');
  });
});
