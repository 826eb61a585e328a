// The HTTP server around the app (main.ts listens on it): deadlines for slow clients, and a
// translated answer to the requests Node refuses before Express sees them.
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Express } from 'express';
import type { Config } from '../config';
import type { I18n } from '../i18n/create-i18n';
import { createTranslators, directionOf } from '../i18n/create-i18n';
import { escapeMarkup } from './escape-markup';

/** Node's own one-line answers, kept for the errors we do not translate. */
const BARE_ANSWERS: Record<string, string> = {
  HPE_CHUNK_EXTENSIONS_OVERFLOW: 'HTTP/1.1 413 Payload Too Large\r\nConnection: close\r\n\r\n',
  ERR_HTTP_REQUEST_TIMEOUT: 'HTTP/1.1 408 Request Timeout\r\nConnection: close\r\n\r\n',
};
const BAD_REQUEST = 'HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n';

export function createHttpServer(app: Express, deps: { config: Config; i18n: I18n }): Server {
  const { config } = deps;
  // Slow clients cannot hold connections open (slow-loris): headers within 10 s, a whole request
  // within 30 s, idle keep-alive connections closed after 5 s. Node checks these deadlines every
  // `connectionsCheckingInterval` (30 s by default, which would let a slow client hold on for
  // 40 s): check every second.
  const server = createServer(
    { headersTimeout: 10_000, requestTimeout: 30_000, connectionsCheckingInterval: 1_000 },
    app,
  );
  server.keepAliveTimeout = 5_000;

  const translatorFor = createTranslators(deps.i18n);
  const supported = new Set(config.languages);

  /** The language of the refused request's path ("GET /ar/search?q=…"), else the local one. */
  function languageOf(rawPacket: Buffer | undefined): string {
    const start = rawPacket?.subarray(0, 64).toString('latin1') ?? '';
    const lang = /^[A-Z]+ \/([a-z]{2,3})(?:[/?#\s]|$)/.exec(start)?.[1];
    return lang && supported.has(lang) ? lang : config.localLanguage;
  }

  /**
   * Headers over Node's limit (16 KB), most often an address with a huge query: Node would answer
   * a bare 431 with no text. A small page in the visitor's language instead, written straight to
   * the socket (there is no request object to hand to Express). No script, style or image.
   */
  function headersTooLarge(rawPacket: Buffer | undefined): string {
    const lang = languageOf(rawPacket);
    const t = translatorFor(lang);
    const title = escapeMarkup(t('errors.headersTooLarge.title'));
    const body =
      `<!doctype html><html lang="${lang}" dir="${directionOf(deps.i18n, lang)}"><head>` +
      `<meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">` +
      `<title>${title}</title></head><body><main><h1>${title}</h1>` +
      `<p>${escapeMarkup(t('errors.headersTooLarge.message'))}</p>` +
      `<p><a href="/${lang}">${escapeMarkup(t('errors.backHome'))}</a></p></main></body></html>`;
    return [
      'HTTP/1.1 431 Request Header Fields Too Large',
      'Content-Type: text/html; charset=utf-8',
      `Content-Length: ${Buffer.byteLength(body)}`,
      `Content-Language: ${lang}`,
      "Content-Security-Policy: default-src 'none'; frame-ancestors 'none'; base-uri 'none'",
      'X-Content-Type-Options: nosniff',
      'Cache-Control: no-store',
      'Connection: close',
      '',
      body,
    ].join('\r\n');
  }

  // A listener replaces Node's default handling of client errors, so it answers them all, as Node
  // would: only when nothing of a response was written yet, then the connection is closed.
  server.on('clientError', (error: NodeJS.ErrnoException & { rawPacket?: Buffer }, socket) => {
    const stream = socket as Duplex & { _httpMessage?: { headersSent?: boolean } };
    // Called again for the next chunk of an oversized request after we answered: just close.
    if (!stream.writable || stream._httpMessage?.headersSent || error.code === 'ECONNRESET') {
      stream.destroy();
      return;
    }
    const answer =
      error.code === 'HPE_HEADER_OVERFLOW'
        ? headersTooLarge(error.rawPacket)
        : (BARE_ANSWERS[error.code ?? ''] ?? BAD_REQUEST);
    stream.end(answer, () => stream.destroy());
  });
  return server;
}
