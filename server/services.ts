// Wires the feature services from their dependencies, once, in main.ts or a test.
import type { Config } from './config';
import { createDirectoryService } from './features/directory/directory-service';
import type { Models } from './models';

export function createServices(deps: { models: Models; config: Config }) {
  return {
    directory: createDirectoryService({
      models: deps.models,
      localLanguage: deps.config.localLanguage,
    }),
  };
}

export type Services = ReturnType<typeof createServices>;
