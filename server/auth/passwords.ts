// Password hashing with argon2id (OWASP's first choice). Parameters follow OWASP's minimum for
// argon2id (19 MiB, 2 passes, 1 lane): ~30 ms on the 2-core machine, slow enough for an attacker.
import argon2 from 'argon2';

const OPTIONS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const MIN_PASSWORD_LENGTH = 10;

export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, OPTIONS);
}

export async function verifyPassword(hash: string | undefined | null, password: string) {
  // Without a hash (invitation not accepted) still spend the time: timing does not reveal
  // which e-mails have accounts.
  if (!hash) {
    await argon2.hash(password, OPTIONS);
    return false;
  }
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
}
