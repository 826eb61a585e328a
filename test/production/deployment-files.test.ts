// No Docker engine on the build machines: docker-compose.yml and the Dockerfile are checked as
// data. Services, health checks, start order, and every app variable against the config schema.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { CONFIG_VARIABLES, loadConfig } from '../../server/config';

const ROOT = path.resolve(__dirname, '../..');
type Service = {
  image?: string;
  build?: unknown;
  environment?: Record<string, string>;
  healthcheck?: { test?: string[] };
  depends_on?: Record<string, { condition?: string }>;
};
const compose = parse(readFileSync(path.join(ROOT, 'docker-compose.yml'), 'utf8')) as {
  services: Record<string, Service>;
  volumes: Record<string, unknown>;
};
const dockerfile = readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8');

/** Resolves ${VAR}, ${VAR:-default} and ${VAR:?message} as docker compose does. */
function interpolate(value: string, env: Record<string, string>): string {
  return value.replace(
    /\$\{(\w+)(?::([-?])([^}]*))?\}/g,
    (_m, name: string, op?: string, arg?: string) => {
      const set = env[name];
      if (set) return set;
      if (op === '?') throw new Error(`${name}: ${arg}`);
      return op === '-' ? (arg ?? '') : '';
    },
  );
}

describe('docker-compose.yml', () => {
  it('runs MongoDB 7, Meilisearch with a master key, and the app', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['app', 'meilisearch', 'mongo']);
    expect(compose.services.mongo!.image).toMatch(/^mongo:7/);
    expect(compose.services.meilisearch!.image).toMatch(/^getmeili\/meilisearch:v1/);
    expect(compose.services.meilisearch!.environment!.MEILI_MASTER_KEY).toMatch(
      /^\$\{MEILI_MASTER_KEY:\?/,
    );
    expect(compose.services.app!.build).toBe('.');
  });

  it('gives every service a health check and starts the app after its dependencies are healthy', () => {
    for (const [name, service] of Object.entries(compose.services)) {
      expect({ name, test: service.healthcheck?.test?.[0] }).toEqual({ name, test: 'CMD' });
    }
    expect(compose.services.app!.healthcheck!.test!.join(' ')).toContain('/readyz');
    expect(compose.services.app!.depends_on).toEqual({
      mongo: { condition: 'service_healthy' },
      meilisearch: { condition: 'service_healthy' },
    });
    // Data survives container restarts.
    expect(Object.keys(compose.volumes).sort()).toEqual(['meili-data', 'mongo-data']);
  });

  it('sets only variables the app knows, and they make a valid production configuration', () => {
    const environment = compose.services.app!.environment!;
    for (const name of Object.keys(environment)) {
      expect({ name, known: CONFIG_VARIABLES.includes(name) }).toEqual({ name, known: true });
    }
    const operator = { SESSION_SECRET: 's'.repeat(40), MEILI_MASTER_KEY: 'm'.repeat(24) };
    const resolved = Object.fromEntries(
      Object.entries(environment).map(([k, v]) => [k, interpolate(String(v), operator)]),
    );
    const config = loadConfig(resolved);
    expect(config.env).toBe('production');
    expect(config.mongodbUri).toBe('mongodb://mongo:27017/onestop');
    expect(config.meili).toEqual({ url: 'http://meilisearch:7700', key: 'm'.repeat(24) });
    expect(config.seedOnEmpty).toBe(false);
    // Several instances are allowed: MongoDB and Meilisearch are shared.
    expect(loadConfig({ ...resolved, INSTANCES: '3' }).instances).toBe(3);
  });

  it('holds no secret: they must come from the operator', () => {
    const environment = compose.services.app!.environment!;
    expect(environment.SESSION_SECRET).toMatch(/^\$\{SESSION_SECRET:\?/);
    expect(environment.MEILI_KEY).toMatch(/^\$\{MEILI_MASTER_KEY:\?/);
    expect(() => interpolate(environment.SESSION_SECRET!, {})).toThrow(/SESSION_SECRET/);
  });
});

describe('Dockerfile', () => {
  const stages = dockerfile.split(/^FROM /m).slice(1);
  const final = stages[stages.length - 1]!;

  it('builds in one stage and runs production dependencies only in the last', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    expect(final).toContain('npm ci --omit=dev');
    expect(final).toMatch(/COPY --from=build \/app\/dist/);
  });

  it('runs as a non-root user with a health check on /readyz', () => {
    expect(final).toMatch(/^USER (?!root)\w+/m);
    expect(final).toMatch(/HEALTHCHECK[\s\S]*\/readyz/);
  });

  it('bakes in no secret', () => {
    expect(dockerfile).not.toMatch(/SESSION_SECRET|MEILI_KEY|MEILI_MASTER_KEY|DEMO_PASSWORD/);
    const ignored = readFileSync(path.join(ROOT, '.dockerignore'), 'utf8').split('\n');
    expect(ignored).toEqual(expect.arrayContaining(['.env', 'data', 'node_modules']));
  });
});
