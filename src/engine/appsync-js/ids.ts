/**
 * The ID generators of APPSYNC_JS `util`: the reference's "ID generation utils" list `autoId` (a
 * 128-bit random UUID), `autoUlid` (a ULID) and `autoKsuid` (a KSUID, base62, 27 characters).
 */

/** Crockford's base32, the ULID alphabet (no I, L, O, U). */
export const ULID_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
/** KSUID's epoch, 2014-05-13T16:53:20Z, in seconds (the KSUID spec's 1400000000). */
const KSUID_EPOCH = 1_400_000_000;

const randomBytes = (length: number): Uint8Array => crypto.getRandomValues(new Uint8Array(length));

/** A random (version 4) UUID. */
export const uuid = (): string => crypto.randomUUID();

/**
 * A ULID: 10 characters of millisecond time then 16 of randomness, so IDs made in later
 * milliseconds sort after earlier ones.
 */
export function ulid(epochMs: number): string {
  let time = '';
  let rest = Math.floor(epochMs);
  for (let i = 0; i < 10; i += 1) {
    time = ULID_ALPHABET.charAt(rest % 32) + time;
    rest = Math.floor(rest / 32);
  }
  // 80 random bits as 16 base32 characters: five bits per character from ten bytes.
  let bits = 0n;
  for (const byte of randomBytes(10)) bits = (bits << 8n) | BigInt(byte);
  let random = '';
  for (let i = 0; i < 16; i += 1) {
    random = ULID_ALPHABET.charAt(Number(bits & 31n)) + random;
    bits >>= 5n;
  }
  return time + random;
}

/** A KSUID: 4 bytes of seconds since the KSUID epoch and 16 random bytes, base62, 27 characters. */
export function ksuid(epochMs: number): string {
  let value = BigInt(Math.max(0, Math.floor(epochMs / 1000) - KSUID_EPOCH));
  for (const byte of randomBytes(16)) value = (value << 8n) | BigInt(byte);
  let out = '';
  while (value > 0n) {
    out = BASE62.charAt(Number(value % 62n)) + out;
    value /= 62n;
  }
  return out.padStart(27, '0');
}
