// Ports (issue #19): what one feature needs of another feature's service, as small interfaces,
// so that no feature folder imports another. services.ts builds the real services and hands them
// to the features that need them; TypeScript checks there that each one fits its port. Each
// interface lists only the methods its importer calls.
import type { Actor } from './auth/actor';
import type { Role } from './models/vocabulary';
import type { SearchParams } from './search/search-query';
import type { ViewContext, WeeklySlotView } from './view-models/directory-view-models';
import type { NeedView } from './view-models/needs-view-models';

/** A search the insight recorder counts (features/insight). */
export interface SearchOutcome {
  /** Interface language of the page (or the API's ?lang=). */
  lang: string;
  params: SearchParams;
  total: number;
}

/** What the search pages and the referral sheet record of usage (features/insight). */
export interface InsightRecorder {
  search(outcome: SearchOutcome, url?: string): void;
  searchAgain(url: string): void;
  sheet(services: readonly string[], lang: string): void;
}

/** The vocabulary of needs the provider's service form offers (features/needs). */
export interface NeedsService {
  list(): Promise<NeedView[]>;
}

/** An account as the coordinator's users page lists it (features/accounts). */
export interface UserRow {
  id: string;
  email: string;
  name: string;
  role: Role;
  organisation: string;
  active: boolean;
  invited: boolean;
  lastLoginAt?: Date;
}

export interface InviteInput {
  email: string;
  name?: string;
  role: Role;
  organisation?: string;
  /** Translators: the languages they may write, and whether saves publish at once. */
  languages?: string[];
  translatorTrusted?: boolean;
}

/** The accounts the coordinator's area manages (features/accounts). */
export interface AccountsService {
  listUsers(): Promise<UserRow[]>;
  invite(input: InviteInput, by: Actor): Promise<{ token: string; email: string }>;
  issueReset(userId: string, by: Actor): Promise<{ token: string; email: string }>;
  setActive(userId: string, active: boolean, by: Actor): Promise<void>;
}

/**
 * What the referral sheet reads of a published service's page (features/directory builds it). The
 * rest of the page passes through to the template as it is.
 */
export interface ServicePage {
  name: { text: string };
  organisation: { name: string };
  sessions: unknown[];
  schedule: WeeklySlotView[];
  locations: {
    street?: string | null;
    postcode?: string | null;
    city?: string | null;
    mapUrl: string;
    openingHours: WeeklySlotView[];
  }[];
  contact: { phone?: string | null };
  documents: { items: string[] };
  access: string[];
  checkedOn: string;
}

/** The public service page, for the referral sheet and the JSON API (features/directory). */
export interface DirectoryService {
  /** Throws NotFoundError unless the service is published. */
  servicePage(slug: string, ctx: ViewContext): Promise<ServicePage>;
}
