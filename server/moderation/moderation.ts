// Moderation rules, shared by services and course sessions (PRODUCT "People", issue #4):
// new work goes draft → pending review → published; a change to a published record waits as a
// revision while the public keeps seeing the published version; coordinators and trusted
// organisations publish directly.
import type { ServiceStatus } from '../models/vocabulary';
import type { RevisionState } from '../models/revision';

export type Intent = 'draft' | 'submit';

export type WritePlan =
  { target: 'live'; status: ServiceStatus } | { target: 'revision'; state: RevisionState };

export function planWrite(
  current: { status: string } | null,
  direct: boolean,
  intent: Intent,
): WritePlan {
  if (current?.status === 'published') {
    if (direct) return { target: 'live', status: 'published' };
    return { target: 'revision', state: intent === 'submit' ? 'pending' : 'draft' };
  }
  if (intent === 'draft') return { target: 'live', status: 'draft' };
  return { target: 'live', status: direct ? 'published' : 'pending' };
}
