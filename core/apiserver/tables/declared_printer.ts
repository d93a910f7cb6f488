/** Table printers built from the columns a kind declares under core/api/groups. */
import { KIND_DECLARATIONS } from "../../api/groups/declared_resources.ts";
import type { KindDeclaration } from "../../api/groups/kind_declaration.ts";
import { column, NAME_COLUMN, type ResourcePrinter } from "./table_types.ts";

const cache = new Map<KindDeclaration, ResourcePrinter>();

function build(decl: KindDeclaration): ResourcePrinter {
  const specs = decl.columns ?? [];
  return {
    columns: [
      NAME_COLUMN,
      ...specs.map((c) => column(c.name, c.description, c.priority ?? 0, c.type, c.format ?? "")),
    ],
    row: (obj, now) => ({
      cells: [obj.metadata.name ?? "", ...specs.map((c) => c.cell(obj, now))],
    }),
  };
}

/** The printer of a declared kind with columns, by resource plural; undefined otherwise. */
export function declaredPrinter(resource: string): ResourcePrinter | undefined {
  const decl = KIND_DECLARATIONS.find((d) => d.info.resource === resource);
  if (decl?.columns === undefined) return undefined;
  let printer = cache.get(decl);
  if (printer === undefined) cache.set(decl, printer = build(decl));
  return printer;
}
