// {{#if (or a b)}}: true when any argument is truthy.
export function or(...args: unknown[]): boolean {
  return args.slice(0, -1).some(Boolean); // the last argument is Handlebars' options
}
