// {{t "key.path" name=value}}: translates in the visitor's language; hash arguments interpolate.
// {{t "key" count=n}} picks the plural form.
import type { HelperOptions } from 'handlebars';
import type { TFunction } from 'i18next';

export function t(this: unknown, key: unknown, options: HelperOptions): string {
  if (typeof key !== 'string') throw new Error('{{t}} needs a translation key string');
  // Handlebars types `data` as any: the page's locals are its root.
  const data = options.data as { root?: { translate?: TFunction } } | undefined;
  const translate = data?.root?.translate;
  if (!translate) throw new Error('{{t}} used outside a request (no translate in locals)');
  const text: string = translate(key, options.hash as Record<string, unknown>);
  return text;
}
