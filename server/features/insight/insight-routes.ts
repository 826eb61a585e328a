// /{lang}/admin/insight: what the coordinator learns from counts, never people (issue #18).
// Each view takes a range of days (?from=&to=) and answers as a page (charts + tables) or as
// CSV (?format=csv); /report?month=YYYY-MM is every view for one month, to print.
import type { Request, Response } from 'express';
import { Router } from 'express';
import { stringify } from 'csv-stringify/sync';
import type { I18n } from '../../i18n/create-i18n';
import { directionOf } from '../../i18n/create-i18n';
import { formatDate } from '../../i18n/formatters';
import { requireRole } from '../../web/require-role';
import { parseInput, parsePathParams } from '../../web/validate';
import { CATEGORY_SLUGS } from '../../models/vocabulary';
import type { InsightView } from './insight-schema';
import {
  coverageQuery,
  INSIGHT_VIEWS,
  monthQuery,
  monthRange,
  rangeQuery,
  toIsoDay,
  viewParams,
} from './insight-schema';
import type { DayRange, InsightService } from './insight-service';
import type { InsightContext, Section } from './insight-sections';
import { csvRecords } from './insight-sections';
import { demandSections, referralSections, unmetSections } from './insight-view-models';
import {
  coverageSections,
  freshnessSections,
  overlapSections,
} from './insight-directory-view-models';

/** Views that count what happened in the range; the others describe the directory today. */
const OVER_TIME: readonly InsightView[] = ['demand', 'unmet', 'referrals'];

export function createInsightRouter(deps: {
  insight: InsightService;
  i18n: I18n;
  localLanguage: string;
  now?: () => Date;
}): Router {
  const router = Router();
  const { insight } = deps;
  const today = () => deps.now?.() ?? new Date();
  router.use('/admin/insight', requireRole('coordinator'));

  const contextOf = (res: Response): InsightContext => ({
    lang: res.locals.lang,
    localLanguage: deps.localLanguage,
    t: res.locals.translate,
    rtl: directionOf(deps.i18n, res.locals.lang) === 'rtl',
  });

  async function sectionsOf(
    view: InsightView,
    ctx: InsightContext,
    range: DayRange,
    category?: (typeof CATEGORY_SLUGS)[number],
  ): Promise<Section[]> {
    switch (view) {
      case 'demand':
        return demandSections(ctx, await insight.demand(range), await insight.needNames());
      case 'unmet':
        return unmetSections(ctx, await insight.unmet(range));
      case 'coverage':
        return coverageSections(ctx, await insight.coverage(category));
      case 'overlap':
        return overlapSections(ctx, await insight.overlap());
      case 'freshness':
        return freshnessSections(ctx, await insight.freshness());
      case 'referrals':
        return referralSections(ctx, await insight.referrals(range));
    }
  }

  const navOf = (res: Response, current: string | undefined, query: string) =>
    INSIGHT_VIEWS.map((view) => ({
      href: `/${res.locals.lang}/admin/insight/${view}${query}`,
      label: res.locals.translate(`manage:insight.views.${view}`),
      current: view === current,
    }));

  router.get('/admin/insight', (req: Request, res: Response) => {
    const { range } = parseInput(rangeQuery(today()), req.query);
    const t = res.locals.translate;
    res.render('admin/insight', {
      pageTitle: t('manage:insight.title'),
      intro: t('manage:insight.intro'),
      nav: navOf(res, undefined, ''),
      from: toIsoDay(range.from),
      to: toIsoDay(range.to),
      action: `/${res.locals.lang}/admin/insight/demand`,
      reportAction: `/${res.locals.lang}/admin/insight/report`,
    });
  });

  router.get('/admin/insight/report', async (req: Request, res: Response) => {
    const { month: asked } = parseInput(monthQuery, req.query);
    const { month, range } = monthRange(asked, today());
    const ctx = contextOf(res);
    const t = ctx.t;
    const views = await Promise.all(
      INSIGHT_VIEWS.map(async (view) => ({
        title: t(`manage:insight.views.${view}`),
        sections: await sectionsOf(view, ctx, range),
      })),
    );
    res.render('admin/insight-report', {
      pageTitle: t('manage:insight.report.title', { month: monthName(month, ctx.lang) }),
      period: t('manage:insight.period', {
        from: formatDate(range.from, ctx.lang),
        to: formatDate(range.to, ctx.lang),
      }),
      month,
      views,
    });
  });

  router.get('/admin/insight/:view', async (req: Request, res: Response) => {
    const { view } = parsePathParams(viewParams, req.params);
    const { range, format } = parseInput(rangeQuery(today()), req.query);
    const ctx = contextOf(res);
    const { category } = coverageQuery.parse(req.query);
    const sections = await sectionsOf(view, ctx, range, view === 'coverage' ? category : undefined);
    const from = toIsoDay(range.from);
    const to = toIsoDay(range.to);
    if (format === 'csv') {
      res
        .type('text/csv; charset=utf-8')
        .set('Content-Disposition', `attachment; filename="insight-${view}-${from}-${to}.csv"`)
        // A byte-order mark so spreadsheet programs read the UTF-8 (Arabic, Cyrillic…) as such.
        .send(`\uFEFF${stringify(csvRecords(sections, ctx.t))}`);
      return;
    }
    const query = `?from=${from}&to=${to}`;
    const categories =
      view === 'coverage'
        ? CATEGORY_SLUGS.map((slug) => ({
            href: `/${ctx.lang}/admin/insight/coverage${query}&category=${slug}`,
            label: ctx.t(`categories:${slug}.name`),
            current: slug === category,
          }))
        : undefined;
    res.render('admin/insight-view', {
      pageTitle: ctx.t(`manage:insight.views.${view}`),
      overTime: OVER_TIME.includes(view),
      snapshot: ctx.t('manage:insight.snapshot'),
      period: ctx.t('manage:insight.period', {
        from: formatDate(range.from, ctx.lang),
        to: formatDate(range.to, ctx.lang),
      }),
      nav: navOf(res, view, query),
      from,
      to,
      action: `/${ctx.lang}/admin/insight/${view}`,
      csv: `/${ctx.lang}/admin/insight/${view}${query}${view === 'coverage' ? `&category=${category}` : ''}&format=csv`,
      categories,
      sections,
    });
  });

  return router;
}

function monthName(month: string, lang: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return new Intl.DateTimeFormat(lang, { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
    new Date(Date.UTC(y, m - 1, 1)),
  );
}
