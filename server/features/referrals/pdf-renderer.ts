// Prints HTML to an A4 PDF with headless Chromium (Debian's, never a downloaded one). At most
// two PDFs are made at once and a few more may wait; each is bounded in time. One browser is
// started on first use and kept for the next ones.
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';
import type { Browser } from 'playwright-core';
import { AppError } from '../../errors';
import type { Logger } from '../../logger';

export class PdfUnavailableError extends AppError {
  override name = 'PdfUnavailableError';
  readonly status = 503;
  readonly messageKey = 'referral:errors.pdf.message';
}

/** Debian's Chromium, headless, quiet (no updates, sync or first-run work). Tests use it too. */
export function launchChromium(executablePath: string): Promise<Browser> {
  return chromium.launch({
    executablePath,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

export function createPdfRenderer(options: {
  chromiumPath: string;
  logger: Logger;
  concurrency?: number;
  maxWaiting?: number;
  timeoutMs?: number;
}) {
  const concurrency = options.concurrency ?? 2;
  const maxWaiting = options.maxWaiting ?? 6;
  const timeoutMs = options.timeoutMs ?? 20_000;
  const available = existsSync(options.chromiumPath);
  let browser: Promise<Browser> | undefined;
  let running = 0;
  const waiting: (() => void)[] = [];

  function launch(): Promise<Browser> {
    browser ??= launchChromium(options.chromiumPath)
      .then((b) => {
        b.on('disconnected', () => {
          browser = undefined;
        });
        return b;
      })
      .catch((error: unknown) => {
        browser = undefined;
        throw error;
      });
    return browser;
  }

  async function slot(): Promise<void> {
    if (running < concurrency) {
      running++;
      return;
    }
    if (waiting.length >= maxWaiting) throw new PdfUnavailableError('PDF queue full');
    await new Promise<void>((resolve) => waiting.push(resolve));
    running++;
  }
  function release() {
    running--;
    waiting.shift()?.();
  }

  async function print(html: string): Promise<Buffer> {
    const context = await (await launch()).newContext({ javaScriptEnabled: false });
    try {
      const page = await context.newPage();
      // The sheet is self-contained (inline CSS and SVG): nothing to fetch.
      await page.route('**/*', (route) => route.abort());
      await page.setContent(html, { waitUntil: 'load' });
      return await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true });
    } finally {
      await context.close();
    }
  }

  return {
    available,
    async render(html: string): Promise<Buffer> {
      if (!available) throw new PdfUnavailableError('no Chromium');
      await slot();
      let timer: NodeJS.Timeout | undefined;
      try {
        return await Promise.race([
          print(html),
          new Promise<never>((_, reject) => {
            timer = setTimeout(
              () => reject(new PdfUnavailableError('PDF took too long')),
              timeoutMs,
            );
          }),
        ]);
      } catch (error) {
        if (error instanceof PdfUnavailableError) throw error;
        options.logger.error({ err: error }, 'PDF generation failed');
        throw new PdfUnavailableError('PDF generation failed');
      } finally {
        clearTimeout(timer);
        release();
      }
    },
    async close(): Promise<void> {
      const b = await browser?.catch(() => undefined);
      browser = undefined;
      await b?.close();
    },
  };
}

export type PdfRenderer = ReturnType<typeof createPdfRenderer>;
