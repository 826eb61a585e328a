// Numeric command-line options of the bench and soak scripts: `--name value`, else the fallback.
export function numberArg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}
