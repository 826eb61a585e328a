// What the report page shows of an import report, in the visitor's language.
import type { ImportReport } from './import-service';
import { KINDS } from './hsds-to-onestop';

type Translate = (key: string, options?: Record<string, unknown>) => string;

export function reportView(report: ImportReport, t: Translate) {
  const writes = Object.values(report.counts).some((c) => c.create + c.update > 0);
  return {
    source: report.source,
    format: t(`manage:import.formats.${report.format}`),
    valid: report.valid,
    applied: report.applied,
    canApply: report.valid && !report.applied && writes,
    nothingToDo: report.valid && !writes,
    counts: KINDS.map((kind) => ({
      label: t(`manage:import.kinds.${kind}`),
      ...report.counts[kind],
    })),
    conflicts: report.conflicts.map((c) => ({
      ...c,
      kindLabel: t(`manage:import.kinds.${c.kind}`),
    })),
    invalid: report.invalid.map((e) => ({
      file: e.file,
      where: e.line !== undefined ? String(e.line) : (e.path ?? ''),
      field: e.field,
      id: e.id ?? '',
      message: t(`manage:import.errors.${e.code}`),
    })),
    invalidSummary: t('manage:import.invalidCount', {
      // The texts say {{total}}; count also picks plural forms where a language has them.
      total: report.invalidCount,
      count: report.invalidCount,
      listed: report.invalid.length,
    }),
    ignored:
      report.ignored.taxonomyTerms + report.ignored.virtualLocations > 0
        ? t('manage:import.ignored', {
            terms: report.ignored.taxonomyTerms,
            virtual: report.ignored.virtualLocations,
          })
        : '',
  };
}
