/**
 * Kubernetes' static token file (`--token-auth-file`): CSV lines `token,user,uid[,"g1,g2"]`,
 * parsed into a token → user table.
 */

import type { UserInfo } from "./user_info.ts";

/** Splits one CSV line into fields (double quotes group commas; `""` is a literal quote). */
export function splitCsvLine(line: string): string[] {
  const fields: string[] = [];
  let cur = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cur += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") {
      fields.push(cur);
      cur = "";
    } else cur += ch;
  }
  if (quoted) throw new Error("an opening double quote is never closed");
  fields.push(cur);
  return fields.map((f) => f.trim());
}

/**
 * Parses a token file's text. Blank lines and `#` comments are skipped. Throws an Error naming
 * the file and line when a line has fewer than three fields, an empty token or user, or a
 * token used twice.
 */
export function parseTokenFile(text: string, fileName = "token file"): Map<string, UserInfo> {
  const tokens = new Map<string, UserInfo>();
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) return;
    const where = `${fileName} line ${index + 1}`;
    let fields: string[];
    try {
      fields = splitCsvLine(line);
    } catch (e) {
      throw new Error(`${where}: ${(e as Error).message}`);
    }
    if (fields.length < 3) {
      throw new Error(
        `${where}: expected token,user,uid[,"group1,group2"] but found ${fields.length} field(s)`,
      );
    }
    const [token, name, uid, groups = ""] = fields;
    if (!token || !name) throw new Error(`${where}: the token and the user name must not be empty`);
    if (tokens.has(token)) {
      throw new Error(`${where}: this token is already defined on an earlier line`);
    }
    tokens.set(token, {
      name,
      uid,
      groups: groups.split(",").map((g) => g.trim()).filter(Boolean),
    });
  });
  return tokens;
}

/** Reads and parses a token file; the error says which file could not be read and why. */
export async function loadTokenFile(path: string): Promise<Map<string, UserInfo>> {
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (e) {
    throw new Error(
      `cannot read --token-auth-file ${path}: ${
        (e as Error).message
      }; check the path and permissions`,
    );
  }
  return parseTokenFile(text, path);
}
