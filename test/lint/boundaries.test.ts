// Feature boundaries (issue #19): eslint.config.js forbids a feature folder from importing another
// feature, and the core layers (models, search, database, i18n, forms, auth) from importing any
// feature or web module. The fixtures are linted as text at virtual paths, so `eslint .` never sees
// a violating file on disk.
import path from 'node:path';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';

const cwd = path.resolve(__dirname, '../..');
// ESLint loads its config file with a dynamic import(), which Jest's module sandbox refuses: the
// test hands it the same file, required here, as the whole configuration instead.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const config = require(path.join(cwd, 'eslint.config.js'));
// The fixtures are not on disk, so the type-aware rules cannot see them (the project service
// finds no such file); the boundary rules need no types.
const eslint = new ESLint({
  cwd,
  overrideConfigFile: true,
  overrideConfig: [...config, { files: ['**/*.ts'], ...tseslint.configs.disableTypeChecked }],
});
const BOUNDARY = '@typescript-eslint/no-restricted-imports';

async function boundaryErrors(code: string, filePath: string) {
  const results = await eslint.lintText(code, { filePath: path.join(cwd, filePath) });
  return results
    .flatMap((result) => result.messages)
    .filter((m) => m.ruleId === BOUNDARY)
    .map((m) => m.message);
}

describe('feature boundaries in eslint.config.js', () => {
  it('fails a search feature file that imports the needs feature, even for a type', async () => {
    const value =
      "import { createNeedsService } from '../needs/needs-service';\nexport const x = createNeedsService;\n";
    const type =
      "import type { NeedsService } from '../needs/needs-service';\nexport type X = NeedsService;\n";
    const spelled = "export { createNeedsService } from '../../features/needs/needs-service';\n";
    for (const code of [value, type, spelled]) {
      const errors = await boundaryErrors(code, 'server/features/search/x.ts');
      expect(errors).toHaveLength(1);
      expect(errors[0]).toContain('A feature imports no other feature');
    }
  });

  it('lets a feature file import its own folder and the shared modules', async () => {
    const code = [
      "import { serviceSlug } from './search-schema';",
      "import { searchQuery } from '../../search/search-query';",
      "import { SLUG } from '../../models/vocabulary';",
      "import { serviceSlug as again } from '../search/search-schema';",
      'export const all = [serviceSlug, searchQuery, SLUG, again];',
      '',
    ].join('\n');
    expect(await boundaryErrors(code, 'server/features/search/x.ts')).toEqual([]);
  });

  it('fails a models file that imports a feature or a web module, and passes one that does not', async () => {
    const feature =
      "import type { NeedsService } from '../features/needs/needs-service';\nexport type X = NeedsService;\n";
    const web =
      "import { basketSummary } from '../web/referral-summary';\nexport const x = basketSummary;\n";
    for (const code of [feature, web]) {
      const errors = await boundaryErrors(code, 'server/models/x.ts');
      expect(errors).toHaveLength(1);
      expect(errors[0]).toContain('import no feature and no web module');
    }
    const allowed = "import { SLUG } from './vocabulary';\nexport const x = SLUG;\n";
    expect(await boundaryErrors(allowed, 'server/models/x.ts')).toEqual([]);
  });

  it('applies the same rule to the other core layers and to the shared modules', async () => {
    const code =
      "import { toEngineQuery } from '../features/search/search-service';\nexport const x = toEngineQuery;\n";
    for (const layer of ['search', 'database', 'i18n', 'forms', 'auth', 'hsds', 'view-models']) {
      expect(await boundaryErrors(code, `server/${layer}/x.ts`)).toHaveLength(1);
    }
    expect(await boundaryErrors(code, 'server/ports.ts')).toHaveLength(1);
  });
});
