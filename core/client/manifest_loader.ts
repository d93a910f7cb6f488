/**
 * Loading manifests for `create -f`, `apply -f` and `delete -f`: files, directories (recursive
 * .yaml/.yml/.json), `-` for stdin; YAML multi-document and JSON; `List` kinds flattened.
 * Errors name the file and, for bad YAML, the line.
 */
import { parseAllDocuments, type YAMLError } from "yaml";

/** One object read from a manifest, with where it came from. */
export interface Manifest {
  object: Record<string, unknown>;
  /** The file path, or "stdin". */
  source: string;
}

/** A YAML parse error as `line N: <first line of the message>` (the line when known). */
export function yamlErrorText(err: YAMLError): string {
  const line = err.linePos?.[0]?.line;
  const first = err.message.split("\n")[0].replace(/ at line \d+, column \d+:?$/, "");
  return `${line !== undefined ? `line ${line}: ` : ""}${first}`;
}

const MANIFEST_EXTENSIONS = [".yaml", ".yml", ".json"];

/** Lists the manifest files under `dir`, recursively, sorted by path. */
export function manifestFilesIn(dir: string): string[] {
  const out: string[] = [];
  const entries = [...Deno.readDirSync(dir)].sort((a, b) => a.name.localeCompare(b.name));
  for (const e of entries) {
    const path = `${dir.replace(/\/+$/, "")}/${e.name}`;
    if (e.isDirectory) out.push(...manifestFilesIn(path));
    else if (MANIFEST_EXTENSIONS.some((x) => e.name.endsWith(x))) out.push(path);
  }
  return out;
}

/** Reads all of stdin as text. */
export async function readStdinText(): Promise<string> {
  return await new Response(Deno.stdin.readable).text();
}

/**
 * Parses manifest text (YAML documents or JSON) into objects; a `*List` with `items` is
 * flattened. Throws `error parsing <source>: line N: …` on malformed input.
 */
export function parseManifests(text: string, source: string): Manifest[] {
  const docs = parseAllDocuments(text);
  const out: Manifest[] = [];
  const list = Array.isArray(docs) ? docs : [docs];
  for (const doc of list) {
    const err = doc.errors[0];
    if (err) throw new Error(`error parsing ${source}: ${yamlErrorText(err)}`);
    const value: unknown = doc.toJS();
    if (value === null || value === undefined) continue;
    if (typeof value !== "object" || Array.isArray(value)) {
      const line = doc.contents?.range ? lineOf(text, doc.contents.range[0]) : undefined;
      throw new Error(
        `error parsing ${source}: ${line !== undefined ? `line ${line}: ` : ""}` +
          `expected an object with apiVersion and kind, found ${
            Array.isArray(value) ? "a list" : JSON.stringify(value)
          }`,
      );
    }
    out.push(...flatten(value as Record<string, unknown>, source));
  }
  return out;
}

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text[i] === "\n") line++;
  return line;
}

function flatten(obj: Record<string, unknown>, source: string): Manifest[] {
  const kind = obj.kind;
  if (typeof kind === "string" && kind.endsWith("List") && Array.isArray(obj.items)) {
    return obj.items.flatMap((item) => {
      if (typeof item !== "object" || item === null || Array.isArray(item)) {
        throw new Error(`error parsing ${source}: an item of the ${kind} is not an object`);
      }
      return flatten(item as Record<string, unknown>, source);
    });
  }
  return [{ object: obj, source }];
}

/**
 * Loads every manifest named by `paths` (files, directories, "-" for stdin), in order.
 * Throws `the path "x" does not exist` for a missing path.
 */
export async function loadManifests(
  paths: string[],
  readStdin: () => Promise<string> = readStdinText,
): Promise<Manifest[]> {
  const out: Manifest[] = [];
  for (const p of paths) {
    if (p === "-") {
      out.push(...parseManifests(await readStdin(), "stdin"));
      continue;
    }
    if (/^https?:\/\//.test(p)) {
      throw new Error(
        `reading manifests from URLs is not supported ("${p}"); download it and pass the file`,
      );
    }
    let info: Deno.FileInfo;
    try {
      info = Deno.statSync(p);
    } catch {
      throw new Error(`the path "${p}" does not exist`);
    }
    const files = info.isDirectory ? manifestFilesIn(p) : [p];
    if (info.isDirectory && files.length === 0) {
      throw new Error(`no .yaml, .yml or .json files found in the directory "${p}"`);
    }
    for (const f of files) out.push(...parseManifests(await Deno.readTextFile(f), f));
  }
  if (out.length === 0) {
    throw new Error(`no objects passed to the server (read ${paths.join(", ")})`);
  }
  return out;
}
