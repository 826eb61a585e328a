// {{#if (includes list value)}}: true when the list holds the value (absent list: false).
export function includes(list: unknown, value: unknown): boolean {
  return Array.isArray(list) && list.includes(value);
}
