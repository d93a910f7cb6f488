/**
 * Generates the OpenAPI v3 schemas of every served kind from the TypeScript declarations under
 * `core/api/` (and `core/auth/`): the interface named like the kind is its schema, each property
 * its field, `?` makes it optional, and the property's doc comment is its description. Run
 * `deno task schemas` after changing a type; `openapi_schemas.json` is the checked-in output and
 * a test fails when it is stale. What the generator reads:
 *
 * - `string`, `boolean`, `number` (int32), the aliases of `types/scalars.ts` (Int32, Int64, Time,
 *   MicroTime, Quantity) and `IntOrString`; unions of string literals become enums;
 * - `T[]`, `Record<string, T>`, inline `{ … }` objects, references to other interfaces (a named
 *   schema each, in the package of the first kind that reaches it, or its `@package` tag);
 * - `unknown` and `Record<string, unknown>`: free-form, kept as given;
 * - tags on properties: `@mergeKey k` (list merged by key k, for strategic merge patch and
 *   server-side apply), `@listType set|atomic|map`, `@listMapKeys a,b`, `@mapType atomic`,
 *   `@format f`, `@optional` (a field the TS type requires but the API does not);
 * - `@schemaIncludes A B` on an interface: the properties of A and B join its schema but not its
 *   TypeScript type (fields the API accepts that k8sm's code never reads, typed loosely).
 */
import ts from "typescript";
import { docTags, docText, type TypeDecl, TypeSource } from "./type_source.ts";
import type { GeneratedSchemas, KindSchemaEntry, OpenApiSchema } from "./openapi_schema.ts";
import { REF_PREFIX } from "./openapi_schema.ts";
import { packageOf } from "./schema_package.ts";

/** A kind to generate a schema for: its GVK, and the interface name if not the kind's. */
export interface SchemaRoot {
  group: string;
  version: string;
  kind: string;
  /** The package of its schema when not derived from the group (`meta.k8s.io` bodies). */
  typeName?: string;
  /** False for bodies that carry no GVK extension (DeleteOptions). */
  gvk?: boolean;
}

const QUANTITY = "io.k8s.apimachinery.pkg.api.resource.Quantity";
const INT_OR_STRING = "io.k8s.apimachinery.pkg.util.intstr.IntOrString";

/** Builds schemas by walking declarations from the roots. */
class Generator {
  readonly schemas: Record<string, OpenApiSchema> = {};
  readonly problems: string[] = [];
  readonly #names = new Map<TypeDecl, string>();
  readonly #queue: TypeDecl[] = [];

  constructor(readonly source: TypeSource) {}

  /** The schema name of an interface, assigning (and queueing) it on first sight. */
  nameOf(decl: TypeDecl, pkg: string, forced?: string): string {
    const known = this.#names.get(decl);
    if (known) return known;
    const tags = docTags(decl.node);
    const name = forced ?? `${tags.get("package") || pkg}.${decl.name}`;
    const clash = [...this.#names].find(([, n]) => n === name);
    if (clash) {
      this.problems.push(`${name} is declared twice: ${clash[0].file} and ${decl.file}`);
    }
    this.#names.set(decl, name);
    this.#queue.push(decl);
    return name;
  }

  /** Generates every queued interface (and what they reach). */
  drain(): void {
    for (let d = this.#queue.shift(); d; d = this.#queue.shift()) {
      const name = this.#names.get(d)!;
      const pkg = name.slice(0, name.lastIndexOf("."));
      this.schemas[name] = this.interfaceSchema(d, pkg);
    }
  }

  interfaceSchema(decl: TypeDecl, pkg: string): OpenApiSchema {
    const node = decl.node;
    const out: OpenApiSchema = ts.isInterfaceDeclaration(node)
      ? this.objectSchema(this.membersOf(decl), decl.file, pkg)
      : this.typeSchema(node.type, decl.file, pkg, decl.name);
    const description = docText(node);
    return description ? { description, ...out } : out;
  }

  /** The property members of an interface and of those it extends (own members win). */
  membersOf(decl: TypeDecl): { member: ts.PropertySignature; file: string }[] {
    const node = decl.node;
    if (!ts.isInterfaceDeclaration(node)) return [];
    const own = node.members.filter(ts.isPropertySignature).map((member) => ({
      member,
      file: decl.file,
    }));
    const inherited = (node.heritageClauses ?? []).flatMap((h) => h.types).flatMap((t) => {
      const base = ts.isIdentifier(t.expression)
        ? this.source.resolve(t.expression.text, decl.file)
        : undefined;
      if (!base) {
        this.problems.push(`${decl.name} (${decl.file}) extends an unknown type`);
        return [];
      }
      return this.membersOf(base);
    });
    const included = (docTags(node).get("schemaIncludes") ?? "").split(/[\s,]+/).filter(Boolean)
      .flatMap((name) => {
        const extra = this.source.resolve(name, decl.file);
        if (!extra) this.problems.push(`${decl.name} (${decl.file}) includes unknown ${name}`);
        return extra ? this.membersOf(extra) : [];
      });
    const names = new Set(own.map((m) => m.member.name.getText()));
    return [...inherited.filter((m) => !names.has(m.member.name.getText())), ...own, ...included];
  }

  objectSchema(
    members: { member: ts.PropertySignature; file: string }[],
    file0: string,
    pkg: string,
  ): OpenApiSchema {
    const properties: Record<string, OpenApiSchema> = {};
    const required: string[] = [];
    for (const { member, file } of members) {
      const key = member.name.getText().replace(/^["']|["']$/g, "");
      const tags = docTags(member);
      if (!member.type) {
        this.problems.push(`${file0}: property ${key} has no type`);
        continue;
      }
      properties[key] = this.propertySchema(member.type, file, pkg, docText(member), tags);
      if (!member.questionToken && !tags.has("optional")) required.push(key);
    }
    return { type: "object", properties, ...(required.length ? { required } : {}) };
  }

  propertySchema(
    type: ts.TypeNode,
    file: string,
    pkg: string,
    description: string,
    tags: Map<string, string>,
  ): OpenApiSchema {
    const inner = this.typeSchema(type, file, pkg, "");
    const s: OpenApiSchema = inner.$ref ? { allOf: [inner] } : { ...inner };
    s.description = description;
    const mergeKey = tags.get("mergeKey");
    if (mergeKey) {
      s["x-kubernetes-list-type"] = "map";
      s["x-kubernetes-list-map-keys"] = [mergeKey];
      s["x-kubernetes-patch-merge-key"] = mergeKey;
      s["x-kubernetes-patch-strategy"] = "merge";
    }
    const listType = tags.get("listType");
    if (listType) s["x-kubernetes-list-type"] = listType as "atomic" | "map" | "set";
    const keys = tags.get("listMapKeys");
    if (keys) s["x-kubernetes-list-map-keys"] = keys.split(/[,\s]+/);
    if (tags.get("mapType")) s["x-kubernetes-map-type"] = "atomic";
    if (tags.get("format")) s.format = tags.get("format");
    return s;
  }

  typeSchema(t: ts.TypeNode, file: string, pkg: string, where: string): OpenApiSchema {
    switch (t.kind) {
      case ts.SyntaxKind.StringKeyword:
        return { type: "string" };
      case ts.SyntaxKind.NumberKeyword:
        return { type: "integer", format: "int32" };
      case ts.SyntaxKind.BooleanKeyword:
        return { type: "boolean" };
      case ts.SyntaxKind.UnknownKeyword:
      case ts.SyntaxKind.ObjectKeyword:
        return { type: "object", "x-kubernetes-preserve-unknown-fields": true };
    }
    if (ts.isParenthesizedTypeNode(t)) return this.typeSchema(t.type, file, pkg, where);
    if (ts.isArrayTypeNode(t)) {
      return { type: "array", items: this.typeSchema(t.elementType, file, pkg, where) };
    }
    if (ts.isLiteralTypeNode(t) && ts.isStringLiteral(t.literal)) {
      return { type: "string", enum: [t.literal.text] };
    }
    if (ts.isUnionTypeNode(t)) return this.unionSchema(t, file, pkg, where);
    if (ts.isTypeLiteralNode(t)) {
      const members = t.members.filter(ts.isPropertySignature).map((member) => ({ member, file }));
      return this.objectSchema(members, file, pkg);
    }
    if (ts.isTypeReferenceNode(t) && ts.isIdentifier(t.typeName)) {
      return this.referenceSchema(t, t.typeName.text, file, pkg, where);
    }
    this.problems.push(`${file} ${where}: unsupported type ${t.getText()}`);
    return { type: "object", "x-kubernetes-preserve-unknown-fields": true };
  }

  unionSchema(t: ts.UnionTypeNode, file: string, pkg: string, where: string): OpenApiSchema {
    const parts = t.types.filter((p) =>
      !(ts.isLiteralTypeNode(p) && p.literal.kind === ts.SyntaxKind.NullKeyword) &&
      p.kind !== ts.SyntaxKind.UndefinedKeyword
    );
    if (parts.length === 1) return this.typeSchema(parts[0], file, pkg, where);
    const literals = parts.filter((p): p is ts.LiteralTypeNode =>
      ts.isLiteralTypeNode(p) && ts.isStringLiteral(p.literal)
    );
    if (literals.length === parts.length) {
      return { type: "string", enum: literals.map((l) => (l.literal as ts.StringLiteral).text) };
    }
    const kinds = new Set(parts.map((p) => p.kind));
    if (kinds.has(ts.SyntaxKind.NumberKeyword) && kinds.has(ts.SyntaxKind.StringKeyword)) {
      return { $ref: REF_PREFIX + INT_OR_STRING };
    }
    this.problems.push(`${file} ${where}: unsupported union ${t.getText()}`);
    return { type: "object", "x-kubernetes-preserve-unknown-fields": true };
  }

  referenceSchema(
    t: ts.TypeReferenceNode,
    name: string,
    file: string,
    pkg: string,
    where: string,
  ): OpenApiSchema {
    const args = t.typeArguments ?? [];
    if ((name === "Array" || name === "ReadonlyArray") && args.length === 1) {
      return { type: "array", items: this.typeSchema(args[0], file, pkg, where) };
    }
    if (name === "Record" && args.length === 2) {
      const values = this.typeSchema(args[1], file, pkg, where);
      return values["x-kubernetes-preserve-unknown-fields"]
        ? values
        : { type: "object", additionalProperties: values };
    }
    switch (name) {
      case "Int32":
        return { type: "integer", format: "int32" };
      case "Int64":
        return { type: "integer", format: "int64" };
      case "Time":
        return { type: "string", format: "date-time" };
      case "MicroTime":
        return { type: "string", format: "date-time" };
      case "Quantity":
        return { $ref: REF_PREFIX + QUANTITY };
      case "IntOrString":
      case "PortNumOrName":
        return { $ref: REF_PREFIX + INT_OR_STRING };
    }
    const decl = this.source.resolve(name, file);
    if (!decl) {
      this.problems.push(`${file} ${where}: unknown type ${name}`);
      return { type: "object", "x-kubernetes-preserve-unknown-fields": true };
    }
    if (ts.isTypeAliasDeclaration(decl.node) && !ts.isTypeLiteralNode(decl.node.type)) {
      return this.typeSchema(decl.node.type, decl.file, pkg, name);
    }
    return { $ref: REF_PREFIX + this.nameOf(decl, pkg) };
  }
}

/**
 * The shared scalar schemas every document may reference; typeless (oneOf) as Kubernetes
 * publishes them, so `kubectl explain` names them (<IntOrString>, <Quantity>).
 */
const SCALARS: Record<string, OpenApiSchema> = {
  [QUANTITY]: {
    description: "An amount of a resource, as a decimal or binary-suffixed number " +
      "(250m is a quarter CPU, 64Mi is 64 mebibytes).",
    oneOf: [{ type: "string" }, { type: "number" }],
  },
  [INT_OR_STRING]: {
    description: "A value given either as an integer or as a string (a port number or a " +
      "port name, a count or a percentage).",
    oneOf: [{ type: "integer" }, { type: "string" }],
    format: "int-or-string",
  },
};

/** Generates the schemas of `roots` from the declarations in `source`. */
export function generateSchemas(source: TypeSource, roots: SchemaRoot[]): GeneratedSchemas {
  const g = new Generator(source);
  const kinds: KindSchemaEntry[] = [];
  for (const root of roots) {
    const typeName = root.typeName ?? root.kind;
    const found = source.named(typeName).filter((d) => ts.isInterfaceDeclaration(d.node));
    if (found.length === 0) {
      console.warn(`no interface ${typeName} for kind ${root.group}/${root.version}/${root.kind}`);
      continue;
    }
    if (found.length !== 1) {
      g.problems.push(
        found.length === 0
          ? `no interface ${typeName} for kind ${root.group}/${root.version}/${root.kind}`
          : `interface ${typeName} is declared in ${found.map((d) => d.file).join(" and ")}`,
      );
      continue;
    }
    const pkg = packageOf(root.group, root.version);
    const name = g.nameOf(found[0], pkg, `${pkg}.${root.kind}`);
    kinds.push({ group: root.group, version: root.version, kind: root.kind, schema: name });
  }
  g.drain();
  for (const k of kinds) {
    if (roots.find((r) => r.kind === k.kind && r.group === k.group)?.gvk === false) continue;
    const s = g.schemas[k.schema];
    const gvk = { group: k.group, version: k.version, kind: k.kind };
    s["x-kubernetes-group-version-kind"] = [...(s["x-kubernetes-group-version-kind"] ?? []), gvk];
  }
  if (g.problems.length) {
    throw new Error(`schema generation failed:\n  ${g.problems.join("\n  ")}`);
  }
  const schemas = Object.fromEntries(
    Object.entries({ ...SCALARS, ...g.schemas }).sort(([a], [b]) => a.localeCompare(b)),
  );
  return { schemas, kinds };
}
