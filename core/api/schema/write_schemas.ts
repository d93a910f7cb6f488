/**
 * `deno task schemas`: regenerates `core/api/schema/openapi_schemas.json` from the type
 * declarations (see schema_generator.ts). `--check` only reports whether the file is current.
 */
import { generateSchemas } from "./schema_generator.ts";
import { schemaRoots } from "./schema_roots.ts";
import { TypeSource } from "./type_source.ts";
import type { GeneratedSchemas } from "./openapi_schema.ts";

/** The directories whose declarations feed the generator. */
export const SCHEMA_SOURCE_DIRS = ["core/api", "core/auth"];

/** The repository checkout this file belongs to. */
const REPO_ROOT = decodeURIComponent(new URL("../../../", import.meta.url).pathname).replace(
  /\/$/,
  "",
);

/** The checked-in output (an absolute path in this checkout). */
export const SCHEMA_FILE = `${REPO_ROOT}/core/api/schema/openapi_schemas.json`;

/** Generates the schemas from the sources under `root` (this checkout by default). */
export async function generateFromSources(root = REPO_ROOT): Promise<GeneratedSchemas> {
  const source = await TypeSource.load(SCHEMA_SOURCE_DIRS.map((d) => `${root}/${d}`));
  return generateSchemas(source, schemaRoots());
}

/** The file text of generated schemas (stable: two-space JSON and a final newline). */
export function schemaFileText(g: GeneratedSchemas): string {
  return JSON.stringify(g, null, 2) + "\n";
}

if (import.meta.main) {
  const text = schemaFileText(await generateFromSources());
  if (Deno.args.includes("--check")) {
    const current = await Deno.readTextFile(SCHEMA_FILE).catch(() => "");
    if (current !== text) {
      console.error(`${SCHEMA_FILE} is stale; run \`deno task schemas\``);
      Deno.exit(1);
    }
  } else {
    await Deno.writeTextFile(SCHEMA_FILE, text);
    console.log(`wrote ${SCHEMA_FILE}`);
  }
}
