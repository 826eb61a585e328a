// {{#if (eq a b)}}: strict equality, for marking the current item in a list.
export function eq(a: unknown, b: unknown): boolean {
  return a === b;
}
