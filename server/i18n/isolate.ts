// User text inside plain text that cannot hold a <bdi> element (the <title>, a notification line):
// wrapped in FIRST STRONG ISOLATE … POP DIRECTIONAL ISOLATE, the plain-text twin of <bdi>, so an
// Arabic service name does not reorder the " · OneStop" after it. Controls already stored (before
// forms stripped them) are removed first: an unmatched override must not outlive the isolate.
import { withoutControls } from '../forms/form-schemas';

const FSI = '\u2068';
const PDI = '\u2069';

export function isolate(text: string | null | undefined): string {
  return `${FSI}${withoutControls(text ?? '')}${PDI}`;
}
