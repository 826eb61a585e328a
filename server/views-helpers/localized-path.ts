// {{path "/services/x"}} → "/fr/services/x" in the visitor's language.
import type { HelperOptions } from 'handlebars';

export function path(this: unknown, suffix: unknown, options: HelperOptions): string {
  if (typeof suffix !== 'string' || !suffix.startsWith('/')) {
    throw new Error('{{path}} needs a path starting with "/"');
  }
  const lang = (options.data?.root as { lang?: string } | undefined)?.lang;
  if (!lang) throw new Error('{{path}} used outside a localized page');
  return `/${lang}${suffix === '/' ? '' : suffix}`;
}
