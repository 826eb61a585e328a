// Prints HTML to an A4 PDF with headless Chromium (Debian's, never a downloaded one). At most
// `concurrency` PDFs are printed at once and a few more may wait, for a bounded time; each print
// is bounded in time too, and one that overruns is stopped (its browser context closed) before
// its place is given to the next. One browser is started on first use and kept for the next ones.
import { existsSync } from 'node:fs';
import type { Browser, BrowserContext } from 'playwright-core';
import { AppError } from '../../errors';
import type { Logger } from '../../logger';

/** The PDF could not be made (no Chromium, a failure, or it took too long). */
export class PdfUnavailableError extends AppError {
  override name = 'PdfUnavailableError';
  readonly status = 503;
  readonly messageKey = 'referral:errors.pdf.message';
}

/** Too many PDFs asked for at once: the queue was full, or the wait for a place ran out. */
export class PdfBusyError extends AppError {
  override name = 'PdfBusyError';
  readonly status = 503;
  readonly messageKey = 'referral:errors.pdfBusy.message';
}

/** Debian's Chromium, headless, quiet (no updates, sync or first-run work). Tests use it too. */
export async function launchChromium(
  executablePath: string,
  options: { timeoutMs?: number } = {},
): Promise<Browser> {
  // Loaded on the first PDF, not at start-up: playwright-core alone adds ~65 MiB to the
  // process's resident memory, and most instances print no PDF for hours.
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath,
    timeout: options.timeoutMs ?? 30_000,
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

export interface PdfRendererOptions {
  chromiumPath: string;
  logger: Logger;
  /** PDFs printed at once; each is a Chromium context (a renderer process and its memory). */
  concurrency?: number;
  /** Requests that may wait for a place; more are refused at once (PdfBusyError). */
  maxWaiting?: number;
  /** How long a request may wait for a place before it is refused (PdfBusyError). */
  maxWaitMs?: number;
  /** How long one PDF may take once it has a place, Chromium's start included. */
  timeoutMs?: number;
  /** How long a stopped print may take to let go of its context before Chromium is closed. */
  stopGraceMs?: number;
  /** Told how many contexts the browser has open each time one opens or closes (tests count). */
  onContextsChange?: (open: number) => void;
}

/** One print in progress: whether the deadline stopped it, and how to close its context. */
interface PrintJob {
  deadline: number;
  stopped: boolean;
  /** Closes the context once open; the print and stop() share one close. */
  closeContext?: () => Promise<void>;
}

/** Resolves true when `promise` settles within `ms`, false otherwise (and clears its timer). */
async function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  const settled = promise.then(
    () => true,
    () => true,
  );
  try {
    return await Promise.race([settled, late]);
  } finally {
    clearTimeout(timer);
  }
}

export function createPdfRenderer(options: PdfRendererOptions) {
  const concurrency = options.concurrency ?? 2;
  const maxWaiting = options.maxWaiting ?? 6;
  const maxWaitMs = options.maxWaitMs ?? 10_000;
  const timeoutMs = options.timeoutMs ?? 20_000;
  const stopGraceMs = options.stopGraceMs ?? 5_000;
  const { logger } = options;
  const available = existsSync(options.chromiumPath);
  let browser: Promise<Browser> | undefined;

  function launch(): Promise<Browser> {
    if (browser) return browser;
    // Forgotten when it goes away, unless a newer one has replaced it meanwhile.
    const launching: Promise<Browser> = launchChromium(options.chromiumPath, { timeoutMs })
      .then((b) => {
        b.on('disconnected', () => {
          if (browser === launching) browser = undefined;
        });
        return b;
      })
      .catch((error: unknown) => {
        if (browser === launching) browser = undefined;
        throw error;
      });
    browser = launching;
    return launching;
  }

  /** Closes Chromium, and every print in it; the next PDF starts a new one. */
  async function closeBrowser(): Promise<void> {
    const pending = browser;
    browser = undefined;
    const b = await pending?.catch(() => undefined);
    await b?.close().catch(() => undefined);
  }

  // ---- places: `running` prints hold one; a released place goes straight to the next waiter ----
  let running = 0;
  const waiting: { grant: () => void }[] = [];

  function takePlace(): Promise<void> {
    if (running < concurrency) {
      running++;
      return Promise.resolve();
    }
    if (waiting.length >= maxWaiting) return Promise.reject(new PdfBusyError('PDF queue full'));
    return new Promise((resolve, reject) => {
      const waiter = {
        grant: () => {
          clearTimeout(timer);
          resolve();
        },
      };
      const timer = setTimeout(() => {
        const at = waiting.indexOf(waiter);
        if (at >= 0) waiting.splice(at, 1);
        reject(new PdfBusyError('PDF queue wait too long'));
      }, maxWaitMs);
      waiting.push(waiter);
    });
  }

  function releasePlace(): void {
    const next = waiting.shift();
    if (next) next.grant();
    else running--;
  }

  // ---- one print ----
  async function print(html: string, job: PrintJob): Promise<Buffer> {
    const remaining = () => Math.max(1, job.deadline - Date.now());
    const b = await launch();
    const context: BrowserContext = await b.newContext({ javaScriptEnabled: false });
    let closing: Promise<void> | undefined;
    job.closeContext = () => (closing ??= context.close().catch(() => undefined));
    options.onContextsChange?.(b.contexts().length);
    try {
      // The deadline may have passed while the context opened: stop before any work.
      if (job.stopped) throw new PdfUnavailableError('PDF stopped');
      context.setDefaultTimeout(remaining());
      const page = await context.newPage();
      // The sheet is self-contained (inline CSS and SVG): nothing to fetch.
      await page.route('**/*', (route) => route.abort());
      await page.setContent(html, { waitUntil: 'load', timeout: remaining() });
      // Playwright's page.pdf takes no timeout (it prints without one): when the deadline passes,
      // render() closes this context, which makes Chromium stop printing and pdf() reject.
      return await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true });
    } finally {
      await job.closeContext();
      options.onContextsChange?.(b.contexts().length);
    }
  }

  /** Stops a print past its deadline: its context is closed and it has settled, or Chromium is. */
  async function stop(job: PrintJob, printing: Promise<Buffer>): Promise<void> {
    job.stopped = true;
    const stopped = (async () => {
      await job.closeContext?.();
      await printing.catch(() => undefined);
    })();
    if (await settlesWithin(stopped, stopGraceMs)) return;
    logger.error('PDF print did not stop after its context was closed: closing Chromium');
    await closeBrowser();
  }

  return {
    available,
    async render(html: string): Promise<Buffer> {
      if (!available) throw new PdfUnavailableError('no Chromium');
      await takePlace();
      const job: PrintJob = { deadline: Date.now() + timeoutMs, stopped: false };
      const printing = print(html, job);
      try {
        if (await settlesWithin(printing, timeoutMs)) return await printing;
        logger.warn({ timeoutMs }, 'PDF took too long: stopping it');
        // The place is given back only once the print has really stopped (finally below).
        await stop(job, printing);
        throw new PdfUnavailableError('PDF took too long');
      } catch (error) {
        if (error instanceof PdfUnavailableError) throw error;
        logger.error({ err: error }, 'PDF generation failed');
        throw new PdfUnavailableError('PDF generation failed');
      } finally {
        releasePlace();
      }
    },
    async close(): Promise<void> {
      await closeBrowser();
    },
  };
}

export type PdfRenderer = ReturnType<typeof createPdfRenderer>;
