// Handlebars views: one layout, partials for repeated blocks, helpers one per file.
import type { Express } from 'express';
import { create } from 'express-handlebars';
import { projectPath } from '../paths';
import { createAssetHelper } from '../views-helpers/asset';
import { concat } from '../views-helpers/concat';
import { eq } from '../views-helpers/eq';
import { includes } from '../views-helpers/includes';
import { path } from '../views-helpers/localized-path';
import { or } from '../views-helpers/or';
import { t } from '../views-helpers/t';
import type { AssetManifest } from './static-assets';

export function setUpViews(app: Express, options: { assets: AssetManifest }): void {
  const engine = create({
    extname: '.hbs',
    defaultLayout: 'main',
    layoutsDir: projectPath('views/layouts'),
    partialsDir: projectPath('views/partials'),
    helpers: { t, eq, or, includes, concat, path, asset: createAssetHelper(options.assets) },
    // A partial's lines are not re-indented where it is used: the indentation was a tenth of a
    // search page's bytes (sent to old phones, and parsed on every cached answer).
    compilerOptions: { preventIndent: true },
  });
  // express-handlebars hands errors to the callback when given one; its promise then only ends.
  app.engine('.hbs', (file, options, callback) => {
    void engine.engine(file, options, callback);
  });
  app.set('view engine', '.hbs');
  app.set('views', projectPath('views/pages'));
  app.set('view cache', true);
}
