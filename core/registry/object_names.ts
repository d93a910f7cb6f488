/** Server-generated object metadata values: names from generateName and timestamps. */

/** Kubernetes' alphabet for generated suffixes (no vowels, no confusable digits). */
const ALPHABET = "bcdfghjklmnpqrstvwxz2456789";

/** Maximum length of a generated name (the prefix is cut so the suffix always fits). */
const MAX_NAME_LENGTH = 63;

/** `generateName` plus 5 random characters, as Kubernetes' names.SimpleNameGenerator does. */
export function generateObjectName(prefix: string): string {
  const base = prefix.length > MAX_NAME_LENGTH - 5 ? prefix.slice(0, MAX_NAME_LENGTH - 5) : prefix;
  const bytes = crypto.getRandomValues(new Uint8Array(5));
  let suffix = "";
  for (const b of bytes) suffix += ALPHABET[b % ALPHABET.length];
  return base + suffix;
}

let cachedSecond = NaN;
let cachedText = "";

/**
 * The current time in RFC 3339 with second precision (`2026-11-25T10:00:00Z`). Every write
 * stamps one or two of these, so the text is formatted once per second, not per call.
 */
export function nowTimestamp(): string {
  const second = Math.floor(Date.now() / 1000);
  if (second !== cachedSecond) {
    cachedText = new Date(second * 1000).toISOString().replace(/\.\d+Z$/, "Z");
    cachedSecond = second;
  }
  return cachedText;
}
