// {{concat "/services/" slug}} → "/services/x": joins its arguments into one string.
export function concat(...args: unknown[]): string {
  // The last argument is Handlebars' options object, not a value.
  return (
    args
      .slice(0, -1)
      // Template values: texts, numbers, and objects with their own toString (ids, SafeStrings).
      // eslint-disable-next-line @typescript-eslint/no-base-to-string -- see the line above
      .map((value) => String(value ?? ''))
      .join('')
  );
}
