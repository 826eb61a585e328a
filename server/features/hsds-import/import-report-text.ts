// The import report as plain text, for the command line (npm run import:hsds).
import type { ImportReport } from './import-service';
import type { Kind } from './hsds-to-onestop';
import { KINDS } from './hsds-to-onestop';

const KIND_LABELS: Record<Kind, string> = {
  organization: 'organisations',
  location: 'places',
  service: 'services',
  taxonomy_term: 'needs (taxonomy terms)',
  session: 'course sessions',
};

export function reportText(report: ImportReport): string {
  const lines: string[] = [];
  lines.push(
    `${report.applied ? 'Applied' : 'Dry run'}: ${report.source} (${report.format})${
      report.valid ? '' : ' — INVALID, nothing written'
    }`,
  );
  lines.push('', 'kind                     create  update  unchanged  conflict');
  for (const kind of KINDS) {
    const c = report.counts[kind];
    lines.push(
      `${KIND_LABELS[kind].padEnd(24)} ${String(c.create).padStart(6)}  ${String(c.update).padStart(6)}  ${String(c.unchanged).padStart(9)}  ${String(c.conflict).padStart(8)}`,
    );
  }
  if (report.ignored.taxonomyTerms || report.ignored.virtualLocations) {
    lines.push(
      '',
      `Not imported: ${report.ignored.taxonomyTerms} terms of other taxonomies, ${report.ignored.virtualLocations} online-only places.`,
    );
  }
  if (report.conflicts.length) {
    lines.push('', 'Conflicts (edited in OneStop since the last import; left as they are):');
    for (const c of report.conflicts) lines.push(`  ${c.kind} ${c.id} ${c.label}`);
  }
  if (report.invalidCount) {
    lines.push(
      '',
      `Invalid: ${report.invalidCount} field(s)${report.invalid.length < report.invalidCount ? `, first ${report.invalid.length} listed` : ''}:`,
    );
    for (const e of report.invalid) {
      const where = e.line !== undefined ? `line ${e.line}` : (e.path ?? '');
      lines.push(`  ${e.file} ${where} ${e.field}: ${e.code}${e.id ? ` (id ${e.id})` : ''}`);
    }
  }
  return lines.join('\n');
}
