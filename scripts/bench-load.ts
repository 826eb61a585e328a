// npm run bench:load — a bounded soak of the real app (its own process, its own embedded
// database with the demo directory) on loopback with autocannon: 80 % searches, 15 % service
// pages, 5 % signed-in provider edits. Prints req/s, p50/p99, errors, the app's RSS at start,
// during and at the end, then checks that every edit is in the database and in search.
// Options: --minutes M (2), --connections C (32). Figures are printed, never asserted.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { browserLike, formFields, percentile, signIn, startApp } from './bench/app-driver';
import { numberArg } from './bench/args';

const minutes = numberArg('minutes', 2);
const connections = numberArg('connections', 32);

const QUERIES = [
  'q=cours',
  'q=logement&cost=free',
  'q=interprete',
  'q=housing',
  'q=%D0%BA%D1%83%D1%80%D1%81%D0%B8',
  'q=%D8%AF%D9%88%D8%B1%D8%A9+%D9%84%D8%BA%D8%A9',
  'category=language-course&time=evening',
  'q=avocat&page=2',
  'q=sante&language=ar',
  'level=A1&day=tue',
  'q=travail',
  'q=dettes',
];

function rssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Math.round(Number(/VmRSS:\s+(\d+)/.exec(status)![1]) / 1024);
}

/** The app's own time per request (its request log), by kind: where a slow tail comes from. */
const serverMs: Record<'edit' | 'detail' | 'search' | 'other', number[]> = {
  edit: [],
  detail: [],
  search: [],
  other: [],
};
function recordRequest(line: string) {
  const entry = JSON.parse(line) as {
    req?: { method: string; path: string };
    responseTime?: number;
  };
  if (!entry.req || entry.responseTime === undefined) return;
  const { method, path: url } = entry.req;
  const kind =
    method === 'POST' && url.startsWith('/fr/provider/services/')
      ? 'edit'
      : url.startsWith('/fr/services/')
        ? 'detail'
        : url === '/fr/search'
          ? 'search'
          : 'other';
  serverMs[kind].push(entry.responseTime);
}
const EDITORS = [
  'editor@maison-carrefour.example',
  'editor@babel-langues.example',
  'editor@passerelles-interpretes.example',
];

async function main() {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'onestop-load-'));
  const app = await startApp(dataDir, {
    onLine: (line) => {
      if (line.includes('"responseTime"')) recordRequest(line);
    },
  });
  try {
    const base = app.url;
    // The demo editors sign in as a browser would and edit their own organisation's services:
    // the trusted organisation's edits publish at once, the others' wait for review as a
    // revision. Each connection edits a service of its own (the editors first add copies of
    // their services until there are enough), so that each service's last accepted edit is the
    // one that must survive, and two connections do not fight over one service all the time.
    const editors = await Promise.all(
      EDITORS.map(async (email) => {
        const browser = browserLike();
        const login = await signIn(browser, base, email);
        if (login.status !== 303) throw new Error(`sign-in of ${email} failed: ${login.status}`);
        const dashboardUrl = (await browser.get(`${base}/fr/provider`)).headers.get('location')!;
        const listServices = async () => {
          const html = await (await browser.get(`${base}${dashboardUrl}`)).text();
          const ids = html.matchAll(/\/fr\/provider\/services\/([a-f0-9]{24})\/edit/g);
          return [...new Set([...ids].map((m) => m[1]!))];
        };
        return { email, browser, dashboardUrl, ids: await listServices(), listServices };
      }),
    );
    const editForm = async (browser: ReturnType<typeof browserLike>, id: string) =>
      formFields(await (await browser.get(`${base}/fr/provider/services/${id}/edit`)).text());
    const total = () => editors.reduce((n, e) => n + e.ids.length, 0);
    for (let copy = 1; total() < connections; copy++) {
      const editor = editors[copy % editors.length]!;
      const form = await editForm(editor.browser, editor.ids[0]!);
      form.set('name_fr', `${form.get('name_fr')} (${copy})`);
      const organisation = /organisations\/([a-f0-9]{24})/.exec(editor.dashboardUrl)![1]!;
      const created = await editor.browser.get(
        `${base}/fr/provider/organisations/${organisation}/services`,
        {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: form.toString(),
        },
      );
      if (created.status !== 303) throw new Error(`copying a service failed: ${created.status}`);
      editor.ids = await editor.listServices();
    }
    const owner = new Map(editors.flatMap((e) => e.ids.map((id) => [id, e.browser] as const)));
    const serviceIds = [...owner.keys()].slice(0, connections);
    const forms = new Map<string, URLSearchParams>();
    for (const id of serviceIds) forms.set(id, await editForm(owner.get(id)!, id));
    const slugs = (await (await fetch(`${base}/api/v1/services?lang=fr`)).json()) as {
      hits: { slug: string }[];
    };
    const detailPaths = slugs.hits.map((h) => `/fr/services/${h.slug}`);

    let nextService = 0;
    const mix = { edit: 0, detail: 0, search: 0 };
    let editCount = 0;
    /** Per service: every token sent, in order, and the last one whose save was accepted. */
    const sent = new Map<string, string[]>();
    const committed = new Map<string, string>();
    /** Services whose accepted edits went public at once (the others wait for review). */
    const published = new Set<string>();
    type Ctx = { n?: number; kind?: string; service?: string; token?: string };
    // One request slot that picks what to send: in every 20 requests 1 edit (slot 0), 3 service
    // pages (slots 1–3) and 16 searches, i.e. 5 / 15 / 80 %; each connection starts at a random
    // point of the cycle so that edits do not all arrive at once.
    const next = {
      setupRequest: (req: Record<string, unknown>, ctx: Ctx) => {
        ctx.n = (ctx.n ?? Math.floor(Math.random() * 20)) + 1;
        const slot = ctx.n % 20;
        mix[slot === 0 ? 'edit' : slot <= 3 ? 'detail' : 'search']++;
        if (slot === 0) {
          ctx.kind = 'edit';
          ctx.service ??= serviceIds[nextService++ % serviceIds.length]!;
          ctx.token = `soak${(++editCount).toString(36)}x${Math.random().toString(36).slice(2, 6)}`;
          sent.set(ctx.service, [...(sent.get(ctx.service) ?? []), ctx.token]);
          const body = new URLSearchParams(forms.get(ctx.service)!);
          body.set(
            'summary_fr',
            `${body.get('summary_fr')!.replace(/ soak\w+$/, '')} ${ctx.token}`,
          );
          return {
            ...req,
            method: 'POST',
            path: `/fr/provider/services/${ctx.service}`,
            headers: {
              'content-type': 'application/x-www-form-urlencoded',
              cookie: owner.get(ctx.service)!.cookie(),
            },
            body: body.toString(),
          };
        }
        ctx.kind = slot <= 3 ? 'detail' : 'search';
        const path =
          ctx.kind === 'detail'
            ? detailPaths[ctx.n % detailPaths.length]
            : `/fr/search?${QUERIES[ctx.n % QUERIES.length]}`;
        return { ...req, method: 'GET', path, headers: {}, body: undefined };
      },
      onResponse: (
        status: number,
        _body: string,
        ctx: Ctx,
        headers: Record<string, string | string[]> = {},
      ) => {
        if (ctx.kind !== 'edit' || status !== 303) return;
        committed.set(ctx.service!, ctx.token!);
        // (raw header names, as the server wrote them)
        const location = Object.entries(headers).find(([k]) => k.toLowerCase() === 'location');
        if (String(location?.[1] ?? '').endsWith('done=saved')) published.add(ctx.service!);
      },
    };
    const requests = [next];

    const rss = [rssMiB(app.pid)];
    const sampler = setInterval(() => rss.push(rssMiB(app.pid)), 15_000);
    process.stdout.write(
      `Load: ${minutes} min, ${connections} connections, ${serviceIds.length} services edited…\n`,
    );
    const result = await autocannon({
      url: base,
      connections,
      duration: Math.round(minutes * 60),
      requests: requests as never,
    });
    clearInterval(sampler);
    rss.push(rssMiB(app.pid));

    const statuses = result.statusCodeStats as unknown as Record<string, { count: number }>;
    const failedResponses = Object.entries(statuses)
      .filter(([code]) => Number(code) >= 400)
      .reduce((sum, [, v]) => sum + v.count, 0);
    // Edits still in flight when the run stopped may land after it: let them settle.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    // No lost edit: each service holds its last accepted edit or one sent after it (its edit form
    // shows the pending revision where there is one), and search finds a published service by
    // the words it holds now.
    let lostInDatabase = 0;
    let lostInSearch = 0;
    for (const [id, token] of committed) {
      const tokens = sent.get(id)!;
      const allowed = tokens.slice(tokens.indexOf(token));
      const page = await (
        await owner.get(id)!.get(`${base}/fr/provider/services/${id}/edit`)
      ).text();
      const current = allowed.find((t) => page.includes(t));
      if (!current) {
        lostInDatabase++;
        continue;
      }
      if (!published.has(id)) continue;
      const found = (await (
        await fetch(`${base}/api/v1/services?q=${current}&lang=fr`)
      ).json()) as { hits: unknown[] };
      if (found.hits.length !== 1) lostInSearch++;
    }
    const line = (label: string, value: string | number) =>
      process.stdout.write(`${label.padEnd(34)}${value}\n`);
    line('requests', result.requests.total);
    line('req/s (mean)', Math.round(result.requests.average));
    line('latency p50 / p99 (ms)', `${result.latency.p50} / ${result.latency.p99}`);
    line(
      'status codes',
      Object.entries(statuses)
        .map(([c, v]) => `${c}: ${v.count}`)
        .join(', '),
    );
    line('errors (network, timeouts, ≥400)', result.errors + result.timeouts + failedResponses);
    line(
      'edits',
      `${editCount} sent, ${statuses['303']?.count ?? 0} accepted (303), on ${committed.size} services (${published.size} published at once, the others waiting for review)`,
    );
    line('mix (edits / service pages / searches)', `${mix.edit} / ${mix.detail} / ${mix.search}`);
    line('edits lost (database / search)', `${lostInDatabase} / ${lostInSearch}`);
    line('app RSS MiB (start … end)', rss.join(' → '));
    for (const kind of ['search', 'detail', 'edit'] as const)
      line(
        `  in the app: ${kind} p50 / p99 (ms)`,
        `${percentile(serverMs[kind], 0.5)} / ${percentile(serverMs[kind], 0.99)} (${serverMs[kind].length})`,
      );
  } finally {
    await app.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `bench:load failed: ${error instanceof Error ? error.stack : String(error)}\n`,
  );
  process.exit(1);
});
