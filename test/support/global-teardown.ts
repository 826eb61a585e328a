import { rmSync } from 'node:fs';

export default async function globalTeardown(): Promise<void> {
  await globalThis.__ONESTOP_TEST_DB__?.stop();
  await globalThis.__ONESTOP_TEST_MEILI__?.destroy();
  if (process.env.TEST_TEMPLATE_DIR)
    rmSync(process.env.TEST_TEMPLATE_DIR, { recursive: true, force: true });
  if (process.env.TEST_DATA_DIR)
    rmSync(process.env.TEST_DATA_DIR, { recursive: true, force: true });
}
