import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { ConfigError, loadConfig } from '../../server/config';

describe('configuration', () => {
  it('gives working defaults for a local demo', () => {
    const config = loadConfig({});
    expect(config.port).toBe(3000);
    expect(config.localLanguage).toBe('fr');
    expect(config.languages).toEqual([
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
    ]);
    expect(config.mongodbUri).toBeUndefined();
    expect(config.meili).toBeUndefined();
    expect(Object.isFrozen(config)).toBe(true);
  });

  it.each([
    [{ PORT: 'eighty' }, /^Invalid configuration: PORT /],
    [{ PORT: '70000' }, /^Invalid configuration: PORT /],
    [
      { MONGODB_URI: 'postgres://x' },
      /^Invalid configuration: MONGODB_URI must start with mongodb/,
    ],
    [{ MEILI_URL: 'not a url' }, /^Invalid configuration: MEILI_URL /],
    [
      { LOCAL_LANGUAGE: 'French' },
      /^Invalid configuration: LOCAL_LANGUAGE must be a language code/,
    ],
    [
      { LANGUAGES: 'en,ar' },
      /^Invalid configuration: LANGUAGES must include LOCAL_LANGUAGE \(fr\)/,
    ],
    [{ BASE_URL: 'example' }, /^Invalid configuration: BASE_URL /],
    [
      { NODE_ENV: 'production' },
      /^Invalid configuration: SESSION_SECRET is required in production/,
    ],
    [{ SESSION_SECRET: 'short' }, /^Invalid configuration: SESSION_SECRET must be at least 32/],
  ])('rejects %j with one line naming the variable', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
    try {
      loadConfig(env);
    } catch (error) {
      expect((error as Error).message).not.toContain('\n');
    }
  });

  it('refuses several instances on the embedded search engine or database', () => {
    expect(() => loadConfig({ INSTANCES: '2', MONGODB_URI: 'mongodb://db:27017' })).toThrow(
      'Invalid configuration: INSTANCES above 1 needs MEILI_URL: the embedded search engine serves one instance only',
    );
    expect(() => loadConfig({ INSTANCES: '2', MEILI_URL: 'http://search:7700' })).toThrow(
      /INSTANCES above 1 needs MONGODB_URI/,
    );
    expect(
      loadConfig({
        INSTANCES: '3',
        MONGODB_URI: 'mongodb://db:27017',
        MEILI_URL: 'http://search:7700',
      }).instances,
    ).toBe(3);
  });

  it('accepts a production configuration', () => {
    const config = loadConfig({
      NODE_ENV: 'production',
      SESSION_SECRET: 'x'.repeat(40),
      MONGODB_URI: 'mongodb://db:27017',
      MEILI_URL: 'http://meili:7700',
      MEILI_KEY: 'key',
      LANGUAGES: 'fr, en ,uk',
      BASE_URL: 'https://onestop.example.org/',
    });
    expect(config.languages).toEqual(['fr', 'en', 'uk']);
    expect(config.meili).toEqual({ url: 'http://meili:7700', key: 'key' });
    expect(config.baseUrl).toBe('https://onestop.example.org');
  });

  it('stops the real start-up with that one line and exit code 1', () => {
    const root = path.resolve(__dirname, '../..');
    const result = spawnSync(
      process.execPath,
      ['--import', 'tsx', path.join(root, 'server/main.ts')],
      {
        cwd: root,
        env: { PATH: process.env.PATH, PORT: 'eighty' },
        encoding: 'utf8',
        timeout: 60_000,
      },
    );
    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toMatch(/^Invalid configuration: PORT [^\n]+$/);
  });
});
