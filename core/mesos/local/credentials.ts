/**
 * The credentials file of mesos-local (`--credentials=FILE`): Mesos' JSON format
 * `{"credentials":[{"principal":"p","secret":"s"}]}`, or the legacy text format with one
 * `principal secret` pair per line (blank lines and `#` comments ignored). Errors name the file
 * and, for the text format, the line.
 */

/** One principal and its secret. */
export interface Credential {
  principal: string;
  secret: string;
}

function checkPair(c: Credential, where: string): Credential {
  if (c.principal === "") throw new Error(`${where}: the principal is empty; give it a name.`);
  if (c.secret === "") {
    throw new Error(`${where}: principal "${c.principal}" has an empty secret; give it one.`);
  }
  if (c.principal.includes(":")) {
    throw new Error(
      `${where}: principal "${c.principal}" contains ':', which HTTP basic authentication ` +
        `cannot carry; rename it.`,
    );
  }
  if (c.secret.includes(":")) {
    throw new Error(
      `${where}: the secret of "${c.principal}" contains ':', which Mesos' basic ` +
        `authenticator never accepts; choose a secret without ':'.`,
    );
  }
  return c;
}

function parseJson(text: string, file: string): Credential[] {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new Error(
      `Credentials file ${file} is not valid JSON (${(e as Error).message}); expected ` +
        `{"credentials":[{"principal":"p","secret":"s"}]}.`,
    );
  }
  const list = (doc as { credentials?: unknown } | null)?.credentials;
  if (!Array.isArray(list)) {
    throw new Error(
      `Credentials file ${file} has no "credentials" array; expected ` +
        `{"credentials":[{"principal":"p","secret":"s"}]}.`,
    );
  }
  return list.map((entry: unknown, i) => {
    const e = entry as { principal?: unknown; secret?: unknown } | null;
    const where = `Credentials file ${file}, credentials[${i}]`;
    if (typeof e?.principal !== "string" || typeof e?.secret !== "string") {
      throw new Error(`${where}: needs string fields "principal" and "secret".`);
    }
    return checkPair({ principal: e.principal, secret: e.secret }, where);
  });
}

function parseText(text: string, file: string): Credential[] {
  const out: Credential[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) return;
    const where = `Credentials file ${file}, line ${i + 1}`;
    const parts = line.split(/\s+/);
    if (parts.length !== 2) {
      throw new Error(
        `${where}: expected "principal secret" (two words), found ${parts.length} word(s).`,
      );
    }
    out.push(checkPair({ principal: parts[0], secret: parts[1] }, where));
  });
  return out;
}

/** Parses credentials text (JSON when it starts with `{`, else `principal secret` lines). */
export function parseCredentials(text: string, file = "(inline)"): Credential[] {
  const list = text.trimStart().startsWith("{") ? parseJson(text, file) : parseText(text, file);
  if (list.length === 0) {
    throw new Error(`Credentials file ${file} holds no credentials; add at least one principal.`);
  }
  const seen = new Set<string>();
  for (const c of list) {
    if (seen.has(c.principal)) {
      throw new Error(
        `Credentials file ${file} lists principal "${c.principal}" twice; keep one entry.`,
      );
    }
    seen.add(c.principal);
  }
  return list;
}

/** Reads and parses a credentials file; the error names the file when it cannot be read. */
export async function loadCredentials(file: string): Promise<Credential[]> {
  let text: string;
  try {
    text = await Deno.readTextFile(file);
  } catch (e) {
    throw new Error(
      `Cannot read the credentials file ${file}: ${(e as Error).message}; check --credentials.`,
    );
  }
  return parseCredentials(text, file);
}
