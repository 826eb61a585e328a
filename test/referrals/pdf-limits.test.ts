// The PDF renderer's limits in real headless Chromium (Debian's), through the sheet.pdf route:
// never more than two PDFs printed at once (counted as open Chromium contexts), a bounded queue
// whose overflow gets the translated 503 page, and a print past its time limit stopped (its
// context closed) before its place goes to the next one. The limits are the renderer's options,
// set small here; the app is built as createTestApp builds it, with that renderer.
import { existsSync } from 'node:fs';
import type { Express } from 'express';
import { createApp } from '../../server/app';
import type { PdfRenderer, PdfRendererOptions } from '../../server/features/referrals/pdf-renderer';
import {
  PdfBusyError,
  PdfUnavailableError,
  createPdfRenderer,
} from '../../server/features/referrals/pdf-renderer';
import { createI18n } from '../../server/i18n/create-i18n';
import { createLogger } from '../../server/logger';
import { createEmbeddedEngine } from '../../server/search/embedded-engine';
import { createServices } from '../../server/services';
import { createSessionStore } from '../../server/web/sessions';
import type { Agent } from '../support/signed-in';
import { DEMO, getBytes, postForm, signIn } from '../support/signed-in';
import type { TestApp } from '../support/test-app';
import { createTestApp } from '../support/test-app';

const CHROMIUM = '/usr/bin/chromium';
// CI installs Debian's chromium; without it these tests are reported as skipped.
const withBrowser = existsSync(CHROMIUM) ? describe : describe.skip;

/** The note that makes the test's wrapper pad a sheet to thousands of pages (a slow print). */
const SLOW = 'Feuille-lente-pour-le-test';
/** About 60,000 paragraphs: 10 s or more to lay out and print on two cores. */
const padded = (html: string) =>
  html.replace(
    '</main>',
    `${Array.from(
      { length: 60_000 },
      (_, i) => `<p>Paragraphe ${i}: lorem ipsum dolor sit amet, consectetur adipiscing.</p>`,
    ).join('')}</main>`,
  );
const BUSY_FR = 'Beaucoup de PDF sont en préparation en ce moment';
const FAILED_FR = 'Le PDF n’a pas pu être préparé';

withBrowser('PDF limits in real Chromium (two at a time, bounded wait and time)', () => {
  let t: TestApp;
  let slugs: string[];
  const renderers: PdfRenderer[] = [];
  /** Measured PDF times, for the note: label → milliseconds. */
  const timings: string[] = [];

  beforeAll(async () => {
    t = await createTestApp({ seed: true, env: { PDF_RATE_LIMIT: '1000' } });
    const picks = await Promise.all(
      ['language-course', 'housing', 'legal-aid'].map((category) =>
        t.models.Service.findOne({ category: category as never, status: 'published' })
          .sort({ slug: 1 })
          .lean(),
      ),
    );
    slugs = picks.map((s) => s!.slug);
  }, 60_000);
  // Each test's Chromium is closed after it: two cores, and memory, are shared.
  afterEach(async () => {
    await Promise.all(renderers.splice(0).map((r) => r.close()));
  });
  afterAll(async () => {
    if (timings.length) process.stdout.write(`referral PDF times: ${timings.join('; ')}\n`);
    await t?.close();
  });

  async function until(condition: () => boolean) {
    while (!condition()) await new Promise((resolve) => setTimeout(resolve, 20));
  }

  /** A renderer with the given limits, counting the contexts its Chromium has open. */
  function instrumented(limits: Omit<PdfRendererOptions, 'chromiumPath' | 'logger'>) {
    const seen = { open: 0, peak: 0, history: [] as number[] };
    const renderer = createPdfRenderer({
      chromiumPath: CHROMIUM,
      logger: createLogger('silent'),
      ...limits,
      onContextsChange: (open) => {
        seen.open = open;
        seen.peak = Math.max(seen.peak, open);
        seen.history.push(open);
      },
    });
    renderers.push(renderer);
    return { renderer, seen };
  }

  /** The real app on this file's database, printing with `pdf` (a sheet noted SLOW is padded). */
  async function appWith(pdf: PdfRenderer): Promise<Express> {
    const logger = createLogger('silent');
    const i18n = createI18n(t.config);
    const engine = createEmbeddedEngine();
    await engine.init();
    const services = createServices({
      models: t.models,
      config: t.config,
      engine,
      indexer: t.indexer,
      i18n,
      logger,
    });
    return createApp({
      config: t.config,
      logger,
      i18n,
      services: {
        ...services,
        pdf: { ...pdf, render: (html) => pdf.render(html.includes(SLOW) ? padded(html) : html) },
      },
      sessionStore: createSessionStore(t.connection),
      isDatabaseReachable: () => Promise.resolve(true),
    });
  }

  async function staffWithBasket(app: Express, note = 'Demandez Samira'): Promise<Agent> {
    const staff = await signIn(app, DEMO.staff);
    for (const slug of slugs) await postForm(staff, '/fr/referrals/items', { slug });
    await postForm(staff, '/fr/referrals', {
      clientLanguage: 'ar',
      [`note_${slugs[0]}`]: note,
      action: 'save',
    });
    return staff;
  }

  const getPdf = (agent: Agent) => getBytes(agent, '/fr/referrals/sheet.pdf');

  const isPdf = (r: { status: number; body: Buffer }) =>
    r.status === 200 && r.body.subarray(0, 5).toString() === '%PDF-';

  it('prints five PDFs asked for at once, never more than two at a time', async () => {
    const { renderer, seen } = instrumented({ concurrency: 2, maxWaiting: 3, maxWaitMs: 60_000 });
    const app = await appWith(renderer);
    const staff = await Promise.all(Array.from({ length: 5 }, () => staffWithBasket(app)));
    const responses = await Promise.all(staff.map(getPdf));
    timings.push(`5 at once, 2 at a time: ${responses.map((r) => r.ms).join(', ')} ms`);
    expect(responses.map(isPdf)).toEqual([true, true, true, true, true]);
    // Two printed side by side (the queue was used), never three.
    expect(seen.peak).toBe(2);
    expect(seen.open).toBe(0);
  }, 90_000);

  it('answers the translated 503 when the queue is full or the wait runs out', async () => {
    const { renderer, seen } = instrumented({
      concurrency: 2,
      maxWaiting: 1,
      maxWaitMs: 4_000,
      timeoutMs: 9_000,
    });
    const app = await appWith(renderer);
    const staff = await Promise.all(Array.from({ length: 3 }, () => staffWithBasket(app)));
    // Two slow prints take both places for the next 9 seconds.
    const slow = [1, 2].map(() => renderer.render(padded('<main></main>')));
    const outcomes = Promise.allSettled(slow);

    const responses = await Promise.all(staff.map(getPdf));
    for (const r of responses) {
      expect(r.status).toBe(503);
      expect(r.headers['retry-after']).toBe('30');
      expect(r.text).toContain(BUSY_FR);
      expect(r.text).toContain('Trop de PDF en même temps');
    }
    // One waited its 4 s for a place; the two beyond the queue were refused without waiting
    // (their time is the sheet's HTML, slowed by the two prints taking both cores).
    const [, quick2, waited] = responses.map((r) => r.ms).sort((a, b) => a - b);
    expect(waited).toBeGreaterThanOrEqual(4_000);
    // Relative, not a fixed bound: on a loaded machine the sheet's HTML alone can take seconds.
    expect(quick2!).toBeLessThan(waited!);
    expect(seen.peak).toBeLessThanOrEqual(2);

    // The slow prints are stopped at their limit; their places serve the next PDF.
    for (const outcome of await outcomes) {
      expect(outcome.status).toBe('rejected');
      expect((outcome as PromiseRejectedResult).reason).toBeInstanceOf(PdfUnavailableError);
    }
    expect(seen.open).toBe(0);
    const next = await getPdf(staff[0]!);
    expect(isPdf(next)).toBe(true);
    expect(seen.peak).toBeLessThanOrEqual(2);
  }, 90_000);

  it('stops a PDF that takes too long, answers in French, and gives its place to the next', async () => {
    // One place: the second PDF can print only once the first has really let go of Chromium.
    const { renderer, seen } = instrumented({
      concurrency: 1,
      maxWaiting: 1,
      maxWaitMs: 30_000,
      timeoutMs: 4_000,
    });
    const app = await appWith(renderer);
    const slowStaff = await staffWithBasket(app, SLOW);
    const nextStaff = await staffWithBasket(app);
    // Chromium started once, so that the limit measures printing alone.
    const cold = await getPdf(nextStaff);
    const warm = await getPdf(nextStaff);
    expect([isPdf(cold), isPdf(warm)]).toEqual([true, true]);
    timings.push(`one PDF: ${cold.ms} ms with Chromium's start, ${warm.ms} ms after`);
    seen.history.length = 0;

    const slow = getPdf(slowStaff);
    // The slow one holds the only place (its context is open) before the next is asked for.
    await until(() => seen.open === 1);
    const next = getPdf(nextStaff);
    const [stopped, printed] = await Promise.all([slow, next]);

    expect(stopped.status).toBe(503);
    expect(stopped.text).toContain(FAILED_FR);
    expect(stopped.text).toContain('PDF pas disponible');
    // Stopped at 4 s (plus closing its context), not after the 10 s or more it would have taken.
    expect(stopped.ms).toBeGreaterThanOrEqual(4_000);
    expect(stopped.ms).toBeLessThan(8_000);
    expect(isPdf(printed)).toBe(true);
    // Never two contexts: the slow one was closed (1 → 0) before the next one opened (0 → 1).
    expect(seen.peak).toBe(1);
    expect(seen.history).toEqual([1, 0, 1, 0]);
    expect(seen.open).toBe(0);
  }, 90_000);

  it('refuses at once what the queue cannot hold (renderer alone)', async () => {
    const { renderer } = instrumented({ concurrency: 1, maxWaiting: 0, timeoutMs: 3_000 });
    const first = renderer.render(padded('<main></main>'));
    await expect(renderer.render('<main>Deux</main>')).rejects.toBeInstanceOf(PdfBusyError);
    await expect(first).rejects.toBeInstanceOf(PdfUnavailableError);
    const after = await renderer.render('<main>Trois</main>');
    expect(after.subarray(0, 5).toString()).toBe('%PDF-');
  }, 60_000);
});
