import { hash, verify } from '@node-rs/argon2';

const OPTIONS = { algorithm: 2 /* Algorithm.Argon2id (a const enum) */, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

export async function verifyPassword(passwordHash: string | null | undefined, password: string): Promise<boolean> {
  if (!passwordHash) return false;
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** Spend the same time as a real check when the account does not exist (no user enumeration by timing). */
const DUMMY_HASH = hash('dummy-password-for-timing', OPTIONS);
export async function burnPasswordCheck(password: string): Promise<void> {
  await verifyPassword(await DUMMY_HASH, password);
}
