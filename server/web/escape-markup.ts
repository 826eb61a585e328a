// Text written into HTML or XML (SVG) markup outside a template engine: the five characters that
// could end a text or an attribute become entities.
const ENTITIES = new Map([
  ['&', '&amp;'],
  ['<', '&lt;'],
  ['>', '&gt;'],
  ['"', '&quot;'],
  ["'", '&#39;'],
]);

export function escapeMarkup(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => ENTITIES.get(ch) ?? ch);
}
