// {{path "/services/x"}} → "/fr/services/x" in the visitor's language.
import type { HelperOptions } from 'handlebars';

export function path(this: unknown, suffix: unknown, options: HelperOptions): string {
  if (typeof suffix !== 'string' || !suffix.startsWith('/')) {
    throw new Error('{{path}} needs a path starting with "/"');
  }
  // Handlebars types `data` as any: the page's locals are its root.
  const data = options.data as { root?: { lang?: string } } | undefined;
  const lang = data?.root?.lang;
  if (!lang) throw new Error('{{path}} used outside a localized page');
  return `/${lang}${suffix === '/' ? '' : suffix}`;
}
