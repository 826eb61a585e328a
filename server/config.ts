// Configuration: one zod schema over process.env, parsed once at start-up into a frozen object.
// A bad value stops start-up with one line naming the variable (see ConfigError).
import { z } from 'zod';
import { LANGUAGE_CODE } from './models/vocabulary';

/** The languages OneStop ships (a folder each in locales/): the default of LANGUAGES. */
export const SHIPPED_LANGUAGES = [
  'fr',
  'en',
  'de',
  'it',
  'pt',
  'es',
  'ar',
  'fa',
  'ps',
  'ur',
  'uk',
  'ru',
  'tr',
  'ti',
  'so',
] as const;

const languageCode = z.string().regex(LANGUAGE_CODE, 'must be a language code such as fr');

const schema = z
  .object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    /** Empty: the app starts its own embedded FerretDB (scripts/ferretdb) with data under DATA_DIR. */
    MONGODB_URI: z
      .string()
      .regex(/^mongodb(\+srv)?:\/\//, 'must start with mongodb:// or mongodb+srv://')
      .optional(),
    DATA_DIR: z.string().min(1).default('data'),
    MEILI_URL: z.url().optional(),
    MEILI_KEY: z.string().min(1).optional(),
    SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
    LOCAL_LANGUAGE: languageCode.default('fr'),
    LANGUAGES: z
      .string()
      .default(SHIPPED_LANGUAGES.join(','))
      .transform((value) =>
        value
          .split(',')
          .map((code) => code.trim())
          .filter(Boolean),
      )
      .pipe(z.array(languageCode).min(1, 'must list at least one language')),
    BASE_URL: z.url().optional(),
    LOG_LEVEL: z
      .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
      .default('info'),
    /** Published services nobody confirmed for this many days are flagged as stale. */
    STALE_AFTER_DAYS: z.coerce.number().int().min(1).max(3650).default(120),
    /** Password of the demo accounts the seed creates outside production. */
    DEMO_PASSWORD: z.string().min(8, 'must be at least 8 characters').default('onestop-demo'),
    /** Currency of fees entered by providers (ISO 4217). */
    CURRENCY: z
      .string()
      .regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as CHF')
      .default('CHF'),
    /** Failed sign-ins per account per 15 minutes. */
    LOGIN_RATE_LIMIT: z.coerce.number().int().min(1).max(10_000).default(10),
    /**
     * Failed sign-ins per address per 15 minutes, whatever the account: much higher, because a
     * front desk's staff all sign in from one address; it still stops one address trying many
     * accounts.
     */
    LOGIN_ADDRESS_RATE_LIMIT: z.coerce.number().int().min(1).max(1_000_000).default(100),
    /** The centre printed on referral sheets (header and footer). */
    CENTRE_NAME: z.string().min(1).max(120).default('Centre OneStop'),
    CENTRE_CONTACT: z
      .string()
      .max(300)
      .default('Place de la Riponne 10, 1005 Lausanne · +41 21 555 00 00'),
    /** Debian's Chromium renders referral PDFs; without it the PDF link is hidden. */
    CHROMIUM_PATH: z.string().min(1).default('/usr/bin/chromium'),
    /** Search API requests per address per minute. */
    SEARCH_API_RATE_LIMIT: z.coerce.number().int().min(1).max(1_000_000).default(300),
    /** How often expired sessions, referral links and rate-limit windows are removed. */
    SWEEP_INTERVAL_SECONDS: z.coerce.number().int().min(1).max(86_400).default(600),
    /** Referral PDFs per address per 10 minutes (each one starts a Chromium page). */
    PDF_RATE_LIMIT: z.coerce.number().int().min(1).max(10_000).default(30),
    /** Anonymous usage counts for coordinators (features/insight): off with `false`. */
    INSIGHT_RECORDING: z.enum(['true', 'false']).default('true'),
    /** Days usage counts are kept (about 13 months by default). */
    INSIGHT_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(396),
    /**
     * App instances sharing the database. The embedded search engine lives in one process's
     * memory, so more than one instance needs Meilisearch (and MongoDB).
     */
    INSTANCES: z.coerce.number().int().min(1).max(64).default(1),
    /** Demo data never lands in production unless asked for explicitly. */
    SEED_ON_EMPTY: z
      .enum(['true', 'false'])
      .optional()
      .transform((v) => (v === undefined ? undefined : v === 'true')),
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV === 'production' && !env.SESSION_SECRET) {
      ctx.addIssue({
        code: 'custom',
        path: ['SESSION_SECRET'],
        message: 'is required in production',
      });
    }
    if (env.INSTANCES > 1 && !env.MEILI_URL) {
      ctx.addIssue({
        code: 'custom',
        path: ['INSTANCES'],
        message: 'above 1 needs MEILI_URL: the embedded search engine serves one instance only',
      });
    }
    if (env.INSTANCES > 1 && !env.MONGODB_URI) {
      ctx.addIssue({
        code: 'custom',
        path: ['INSTANCES'],
        message: 'above 1 needs MONGODB_URI: the embedded database belongs to one instance',
      });
    }
    if (env.LOGIN_ADDRESS_RATE_LIMIT < env.LOGIN_RATE_LIMIT) {
      ctx.addIssue({
        code: 'custom',
        path: ['LOGIN_ADDRESS_RATE_LIMIT'],
        message: `must be at least LOGIN_RATE_LIMIT (${env.LOGIN_RATE_LIMIT})`,
      });
    }
    if (!env.LANGUAGES.includes(env.LOCAL_LANGUAGE)) {
      ctx.addIssue({
        code: 'custom',
        path: ['LANGUAGES'],
        message: `must include LOCAL_LANGUAGE (${env.LOCAL_LANGUAGE})`,
      });
    }
  });

export interface Config {
  readonly env: 'development' | 'test' | 'production';
  readonly port: number;
  readonly mongodbUri: string | undefined;
  readonly dataDir: string;
  readonly meili: { readonly url: string; readonly key: string | undefined } | undefined;
  readonly sessionSecret: string;
  readonly localLanguage: string;
  readonly languages: readonly string[];
  readonly baseUrl: string;
  readonly logLevel: string;
  readonly seedOnEmpty: boolean;
  readonly staleAfterDays: number;
  readonly demoPassword: string;
  readonly currency: string;
  readonly loginRateLimit: number;
  readonly loginAddressRateLimit: number;
  readonly searchApiRateLimit: number;
  readonly pdfRateLimit: number;
  readonly sweepIntervalMs: number;
  readonly instances: number;
  readonly centre: { readonly name: string; readonly contact: string };
  readonly chromiumPath: string;
  readonly insight: { readonly recording: boolean; readonly retentionDays: number };
}

/** Thrown when the environment does not describe a runnable app; its message is one line. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

// Outside production a fixed secret keeps local sessions working across restarts; production
// must set its own (enforced above).
const DEVELOPMENT_SESSION_SECRET = 'onestop-development-secret-not-for-production-use';

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // Empty strings in .env files mean "not set".
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
  const parsed = schema.safeParse(cleaned);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const variable = issue?.path.join('.') || 'environment';
    throw new ConfigError(`Invalid configuration: ${variable} ${issue?.message ?? 'is invalid'}`);
  }
  const e = parsed.data;
  return Object.freeze({
    env: e.NODE_ENV,
    port: e.PORT,
    mongodbUri: e.MONGODB_URI,
    dataDir: e.DATA_DIR,
    meili: e.MEILI_URL ? Object.freeze({ url: e.MEILI_URL, key: e.MEILI_KEY }) : undefined,
    sessionSecret: e.SESSION_SECRET ?? DEVELOPMENT_SESSION_SECRET,
    localLanguage: e.LOCAL_LANGUAGE,
    languages: Object.freeze([...e.LANGUAGES]),
    baseUrl: (e.BASE_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, ''),
    logLevel: e.LOG_LEVEL,
    seedOnEmpty: e.SEED_ON_EMPTY ?? e.NODE_ENV !== 'production',
    staleAfterDays: e.STALE_AFTER_DAYS,
    demoPassword: e.DEMO_PASSWORD,
    currency: e.CURRENCY,
    loginRateLimit: e.LOGIN_RATE_LIMIT,
    loginAddressRateLimit: e.LOGIN_ADDRESS_RATE_LIMIT,
    searchApiRateLimit: e.SEARCH_API_RATE_LIMIT,
    pdfRateLimit: e.PDF_RATE_LIMIT,
    sweepIntervalMs: e.SWEEP_INTERVAL_SECONDS * 1000,
    instances: e.INSTANCES,
    centre: Object.freeze({ name: e.CENTRE_NAME, contact: e.CENTRE_CONTACT }),
    chromiumPath: e.CHROMIUM_PATH,
    insight: Object.freeze({
      recording: e.INSIGHT_RECORDING === 'true',
      retentionDays: e.INSIGHT_RETENTION_DAYS,
    }),
  });
}

/** Every environment variable the app reads (deployment files are checked against it). */
export const CONFIG_VARIABLES: readonly string[] = Object.freeze(Object.keys(schema.shape));
