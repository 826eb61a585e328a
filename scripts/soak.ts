// npm run soak — the real app (its own process and embedded database with the demo directory)
// driven by several clients at once for long enough to cross every interval job: sign-ins and
// sign-outs of every role, searches, service pages, provider edits, basket adds (several at once
// from one session) and removes, basket pages, sheets and PDFs. Prints each kind's count and
// p50/p99, every answer that is not 2xx/3xx, adds lost from a basket, and how many times the
// interval jobs ran; exits with 1 on any 5xx or lost add.
// Options: --minutes M (15), --clients C (8), --sweep-seconds S (600: the real 10-minute job,
// which a 15-minute run crosses once; shorter values run the jobs more often and say so).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser } from './bench/app-driver';
import { browserLike, csrfOf, formFields, percentile, startApp } from './bench/app-driver';
import { numberArg } from './bench/args';

const minutes = numberArg('minutes', 15);
const clients = Math.max(numberArg('clients', 8), 6);
const sweepSeconds = numberArg('sweep-seconds', 600);

const QUERIES = [
  'q=cours',
  'q=logement&cost=free',
  'q=interprete',
  'q=housing',
  'q=%D0%BA%D1%83%D1%80%D1%81%D0%B8',
  'q=%D8%AF%D9%88%D8%B1%D8%A9+%D9%84%D8%BA%D8%A9',
  'category=language-course&time=evening',
  'q=avocat&page=2',
  'level=A1&day=tue',
];
const ROLES = {
  staff: 'staff@onestop.example',
  coordinator: 'coordinator@onestop.example',
  trustedEditor: 'editor@maison-carrefour.example',
  editor: 'editor@babel-langues.example',
  otherEditor: 'editor@passerelles-interpretes.example',
} as const;

type Kind =
  | 'sign-in'
  | 'sign-out'
  | 'search'
  | 'service page'
  | 'edit form'
  | 'edit'
  | 'basket add'
  | 'basket remove'
  | 'basket page'
  | 'sheet'
  | 'pdf'
  | 'other page';
const times = new Map<Kind, number[]>();
const failures: string[] = [];
let lostAdds = 0;
let sweeps = 0;
const started = Date.now();

/** One request, timed and recorded under its kind; answers other than 2xx/3xx are printed. */
async function timed(kind: Kind, browser: Browser, url: string, init: RequestInit = {}) {
  const t0 = performance.now();
  const request = `${kind} ${init.method ?? 'GET'} ${url.replace(/^http:\/\/[^/]+/, '')}`;
  try {
    const response = await browser.get(url, init);
    const body = await response.text();
    times.set(kind, [...(times.get(kind) ?? []), performance.now() - t0]);
    if (response.status >= 400) {
      const at = Math.round((Date.now() - started) / 1000);
      failures.push(`${at}s ${request} → ${response.status}`);
      process.stderr.write(`! ${failures.at(-1)}\n`);
    }
    return { status: response.status, body, location: response.headers.get('location') };
  } catch (error) {
    failures.push(`${request}: ${String(error)}`);
    process.stderr.write(`! ${failures.at(-1)}\n`);
    throw error;
  }
}
const text = (kind: Kind, browser: Browser, url: string) => timed(kind, browser, url);
const post = (kind: Kind, browser: Browser, url: string, body: URLSearchParams) =>
  timed(kind, browser, url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: body.toString(),
  });

async function main() {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'onestop-soak-'));
  const app = await startApp(dataDir, {
    env: { SWEEP_INTERVAL_SECONDS: String(sweepSeconds), PDF_RATE_LIMIT: '10000' },
    onLine: (line) => {
      if (line.includes('expired documents swept')) sweeps++;
    },
  });
  const base = app.url;
  const until = Date.now() + minutes * 60_000;
  const running = () => Date.now() < until;
  const pick = <T>(list: readonly T[]) => list[Math.floor(Math.random() * list.length)]!;
  try {
    const slugs = (
      (await (await fetch(`${base}/api/v1/services?lang=fr`)).json()) as {
        hits: { slug: string }[];
      }
    ).hits.map((h) => h.slug);

    const signedIn = async (email: string) => {
      const browser = browserLike();
      await timed('search', browser, `${base}/fr/search?${pick(QUERIES)}`);
      const form = (await text('other page', browser, `${base}/fr/login`)).body;
      const login = await post(
        'sign-in',
        browser,
        `${base}/fr/login`,
        new URLSearchParams({ email, password: 'onestop-demo', _csrf: csrfOf(form) }),
      );
      if (login.status !== 303) throw new Error(`sign-in of ${email}: ${login.status}`);
      return browser;
    };
    const signOut = async (browser: Browser) => {
      const page = await text('other page', browser, `${base}/fr`);
      await post(
        'sign-out',
        browser,
        `${base}/fr/logout`,
        new URLSearchParams({ _csrf: csrfOf(page.body) }),
      );
    };

    /** Front desk: three adds at once, the basket, its sheet and PDF, three removes at once. */
    const frontDesk = async (email: string) => {
      while (running()) {
        const browser = await signedIn(email);
        for (let round = 0; round < 5 && running(); round++) {
          await timed('search', browser, `${base}/fr/search?${pick(QUERIES)}`);
          const page = await text('service page', browser, `${base}/fr/services/${pick(slugs)}`);
          const _csrf = csrfOf(page.body);
          const chosen = [...new Set([pick(slugs), pick(slugs), pick(slugs)])];
          await Promise.all(
            chosen.map((slug) =>
              post(
                'basket add',
                browser,
                `${base}/fr/referrals/items`,
                new URLSearchParams({ slug, _csrf }),
              ),
            ),
          );
          const basket = await text('basket page', browser, `${base}/fr/referrals`);
          const held = new Set(
            [...basket.body.matchAll(/\/fr\/referrals\/items\/([a-z0-9-]+)\/remove/g)].map(
              (m) => m[1]!,
            ),
          );
          lostAdds += chosen.filter((slug) => !held.has(slug)).length;
          const sheet = await text('sheet', browser, `${base}/fr/referrals/sheet`);
          if (sheet.body.includes('/fr/referrals/sheet.pdf'))
            await timed('pdf', browser, `${base}/fr/referrals/sheet.pdf`);
          await Promise.all(
            [...held].map((slug) =>
              post(
                'basket remove',
                browser,
                `${base}/fr/referrals/items/${slug}/remove`,
                new URLSearchParams({ _csrf }),
              ),
            ),
          );
        }
        await signOut(browser);
      }
    };

    /** Providers: open their service's edit form and save it with a changed summary. */
    const provider = async (email: string) => {
      while (running()) {
        const browser = await signedIn(email);
        const dashboard = await text('other page', browser, `${base}/fr/provider`);
        const list = await text(
          'other page',
          browser,
          `${base}${dashboard.location ?? '/fr/provider'}`,
        );
        const ids = [
          ...new Set(
            [...list.body.matchAll(/\/fr\/provider\/services\/([a-f0-9]{24})\/edit/g)].map(
              (m) => m[1]!,
            ),
          ),
        ];
        for (let round = 0; round < 5 && running() && ids.length; round++) {
          const id = pick(ids);
          const form = await text('edit form', browser, `${base}/fr/provider/services/${id}/edit`);
          const fields = formFields(form.body);
          fields.set(
            'summary_fr',
            `${(fields.get('summary_fr') ?? '').replace(/ soak\w+$/, '')} soak${round}${Date.now().toString(36)}`,
          );
          await post('edit', browser, `${base}/fr/provider/services/${id}`, fields);
          await timed('search', browser, `${base}/fr/search?${pick(QUERIES)}`);
        }
        await signOut(browser);
      }
    };

    /** The coordinator: reviews and the stale list between searches. */
    const coordinator = async () => {
      while (running()) {
        const browser = await signedIn(ROLES.coordinator);
        for (let round = 0; round < 5 && running(); round++) {
          await timed('other page', browser, `${base}/fr/admin/reviews`);
          await timed('search', browser, `${base}/fr/search?${pick(QUERIES)}`);
          const page = await text('service page', browser, `${base}/fr/services/${pick(slugs)}`);
          await post(
            'basket add',
            browser,
            `${base}/fr/referrals/items`,
            new URLSearchParams({ slug: pick(slugs), _csrf: csrfOf(page.body) }),
          );
        }
        await signOut(browser);
      }
    };

    /** Visitors without an account: searches and service pages. */
    const visitor = async () => {
      const browser = browserLike();
      while (running()) {
        await timed('search', browser, `${base}/fr/search?${pick(QUERIES)}`);
        await timed('service page', browser, `${base}/fr/services/${pick(slugs)}`);
      }
    };

    const jobs = [
      frontDesk(ROLES.staff),
      coordinator(),
      provider(ROLES.trustedEditor),
      provider(ROLES.editor),
      provider(ROLES.otherEditor),
      frontDesk(ROLES.staff),
      ...Array.from({ length: clients - 6 }, () => visitor()),
    ];
    process.stdout.write(
      `Soak: ${minutes} min, ${jobs.length} clients, interval jobs every ${sweepSeconds} s` +
        (sweepSeconds < 600 ? ' (shortened from the real 600 s)' : '') +
        '…\n',
    );
    const ended = await Promise.allSettled(jobs);
    for (const result of ended)
      if (result.status === 'rejected') failures.push(`client stopped: ${String(result.reason)}`);

    const line = (label: string, value: string | number) =>
      process.stdout.write(`${label.padEnd(16)}${value}\n`);
    line('kind', 'count   p50 / p99 (ms)');
    for (const [kind, values] of [...times].sort(([a], [b]) => a.localeCompare(b)))
      line(
        kind,
        `${String(values.length).padEnd(8)}${Math.round(percentile(values, 0.5))} / ${Math.round(percentile(values, 0.99))}`,
      );
    line('interval jobs', `${sweeps} run(s) of the expiry sweep`);
    line('adds lost', lostAdds);
    line('not 2xx/3xx', failures.length);
    for (const failure of failures) process.stdout.write(`  ${failure}\n`);
    const serverErrors = failures.filter((f) => /→ 5\d\d$/.test(f)).length;
    line('5xx answers', serverErrors);
    if (serverErrors > 0 || lostAdds > 0 || failures.some((f) => f.startsWith('client stopped')))
      process.exitCode = 1;
  } finally {
    await app.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`soak failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
