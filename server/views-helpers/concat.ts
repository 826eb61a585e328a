// {{concat "/services/" slug}} → "/services/x": joins its arguments into one string.
export function concat(...args: unknown[]): string {
  // The last argument is Handlebars' options object, not a value.
  return args
    .slice(0, -1)
    .map((value) => String(value ?? ''))
    .join('');
}
