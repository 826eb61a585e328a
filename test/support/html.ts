// Small readers for rendered pages, so tests assert what a visitor would see.

/** What Handlebars' {{…}} produces for a text. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#x27;')
    .replace(/`/g, '&#x60;')
    .replace(/=/g, '&#x3D;');
}

/** The <html lang dir> of a page. */
export function htmlLangDir(html: string): { lang?: string; dir?: string } {
  const match = /<html lang="([^"]*)" dir="([^"]*)">/.exec(html);
  return { lang: match?.[1], dir: match?.[2] };
}

/** Text of the first <h1>, tags stripped. */
export function h1(html: string): string {
  const match = /<h1[^>]*>([\s\S]*?)<\/h1>/.exec(html);
  return (match?.[1] ?? '').replace(/<[^>]+>/g, '').trim();
}
