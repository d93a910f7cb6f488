/**
 * The type declarations the schema generator reads: every exported interface and type alias of
 * the TypeScript files under the given directories, parsed with the TypeScript compiler API
 * (syntax only), with each file's imports and re-exports resolved so a name means what it means in its file.
 */
import ts from "typescript";

/** One interface or type alias and the file it is declared in. */
export interface TypeDecl {
  name: string;
  file: string;
  node: ts.InterfaceDeclaration | ts.TypeAliasDeclaration;
}

interface ParsedFile {
  decls: Map<string, TypeDecl>;
  /** Local name → [resolved file, exported name]. */
  imports: Map<string, [string, string]>;
}

function resolvePath(from: string, spec: string): string {
  const dir = from.slice(0, from.lastIndexOf("/"));
  const parts = `${dir}/${spec}`.split("/");
  const out: string[] = [];
  for (const p of parts) {
    if (p === "..") out.pop();
    else if (p !== "." && p !== "") out.push(p);
  }
  return (from.startsWith("/") ? "/" : "") + out.join("/");
}

function parseFile(path: string, text: string): ParsedFile {
  const sf = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true);
  const decls = new Map<string, TypeDecl>();
  const imports = new Map<string, [string, string]>();
  for (const st of sf.statements) {
    if (ts.isInterfaceDeclaration(st) || ts.isTypeAliasDeclaration(st)) {
      decls.set(st.name.text, { name: st.name.text, file: path, node: st });
    } else if (
      ts.isImportDeclaration(st) && ts.isStringLiteral(st.moduleSpecifier) &&
      st.moduleSpecifier.text.startsWith(".") && st.importClause?.namedBindings &&
      ts.isNamedImports(st.importClause.namedBindings)
    ) {
      const target = resolvePath(path, st.moduleSpecifier.text);
      for (const el of st.importClause.namedBindings.elements) {
        imports.set(el.name.text, [target, (el.propertyName ?? el.name).text]);
      }
    } else if (
      ts.isExportDeclaration(st) && st.moduleSpecifier && ts.isStringLiteral(st.moduleSpecifier) &&
      st.exportClause && ts.isNamedExports(st.exportClause)
    ) {
      const target = resolvePath(path, st.moduleSpecifier.text);
      for (const el of st.exportClause.elements) {
        imports.set(el.name.text, [target, (el.propertyName ?? el.name).text]);
      }
    }
  }
  return { decls, imports };
}

/** Every type declaration of a set of source files, with name resolution per file. */
export class TypeSource {
  readonly #files = new Map<string, ParsedFile>();

  /** Parses `files` (path → text). */
  constructor(files: Map<string, string>) {
    for (const [path, text] of files) this.#files.set(path, parseFile(path, text));
  }

  /** Reads every `.ts` file under `dirs` (recursively) and parses it. */
  static async load(dirs: string[]): Promise<TypeSource> {
    const files = new Map<string, string>();
    const walk = async (dir: string) => {
      const entries = [...Deno.readDirSync(dir)].sort((a, b) => a.name.localeCompare(b.name));
      for (const e of entries) {
        const p = `${dir}/${e.name}`;
        if (e.isDirectory) await walk(p);
        else if (e.name.endsWith(".ts")) files.set(p, await Deno.readTextFile(p));
      }
    };
    for (const d of dirs) await walk(d);
    return new TypeSource(files);
  }

  /** What `name` means in `file`: a local declaration or an import; undefined if neither. */
  resolve(name: string, file: string): TypeDecl | undefined {
    const f = this.#files.get(file);
    const local = f?.decls.get(name);
    if (local) return local;
    const imp = f?.imports.get(name);
    if (imp && imp[0] !== file) return this.resolve(imp[1], imp[0]);
    return undefined;
  }

  /** Every declaration named `name`, in any file (for finding a kind's interface). */
  named(name: string): TypeDecl[] {
    return [...this.#files.values()].flatMap((f) => {
      const d = f.decls.get(name);
      return d ? [d] : [];
    });
  }
}

/** The doc comment text of a node (first paragraph joined to one line), or "". */
export function docText(node: ts.Node): string {
  const docs = ts.getJSDocCommentsAndTags(node).filter(ts.isJSDoc);
  const last = docs.at(-1);
  if (!last) return "";
  const text = ts.getTextOfJSDocComment(last.comment) ?? "";
  return text.split(/\n\s*\n/)[0].replace(/\s+/g, " ").trim();
}

/** The `@name value` tags of a node's doc comment. */
export function docTags(node: ts.Node): Map<string, string> {
  const out = new Map<string, string>();
  for (const tag of ts.getJSDocTags(node)) {
    out.set(tag.tagName.text, (ts.getTextOfJSDocComment(tag.comment) ?? "").trim());
  }
  return out;
}
