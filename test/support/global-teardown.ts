import { rmSync } from 'node:fs';
import { dropTemplates } from './demo-template';

export default async function globalTeardown(): Promise<void> {
  // An external server (TEST_MONGODB_URI given) keeps no demo templates; the embedded one's files
  // are removed below.
  if (!globalThis.__ONESTOP_TEST_DB__ && process.env.TEST_MONGODB_URI)
    await dropTemplates(process.env.TEST_MONGODB_URI);
  await globalThis.__ONESTOP_TEST_DB__?.stop();
  await globalThis.__ONESTOP_TEST_MEILI__?.destroy();
  if (process.env.TEST_DATA_DIR)
    rmSync(process.env.TEST_DATA_DIR, { recursive: true, force: true });
}
