/**
 * The shape of one kind's declaration under `core/api/groups/`: everything the apiserver
 * needs to serve it (routing, discovery, OpenAPI, storage, defaults, validation, tables) in
 * one small object, so a new kind is one file rather than a copy of the pod's plumbing.
 */
import type { ResourceInfo } from "../kinds.ts";
import type { KubeObject } from "../object.ts";
import type { FieldError } from "../field_error.ts";
import { ageSince } from "../../apiserver/tables/human_duration.ts";

/** Every verb of a plain read-write resource. */
export const READ_WRITE_VERBS = [
  "create",
  "delete",
  "deletecollection",
  "get",
  "list",
  "patch",
  "update",
  "watch",
];

/** One column of the kind's server-side table (`kubectl get`), with how to fill its cell. */
export interface PrinterColumnSpec {
  /** The header as the API sends it ("Name", "Created At"); kubectl upper-cases it. */
  name: string;
  type: "string" | "integer" | "number" | "boolean" | "date";
  description: string;
  /** 0 = always shown, 1 = only with `-o wide`. */
  priority?: number;
  format?: string;
  /** The cell of one object; `now` is the clock in ms for ages. */
  cell(obj: KubeObject, now: number): unknown;
}

/** Per-kind behaviour of the registry (kept here as plain functions, no registry types). */
export interface KindBehaviour {
  /**
   * Turns a decoded request body into the stored form before field management sees it, as
   * kube-apiserver's conversion does (a Secret's write-only stringData merged into data).
   */
  convertIn?(obj: KubeObject): void;
  /** Defaults applied in place before validation (create and update). */
  defaults?(obj: KubeObject): void;
  /** Kind-specific validation; `old` is the stored object on update. Metadata is included. */
  validate?(obj: KubeObject, old?: KubeObject): FieldError[];
  /** Server-owned fields reset on create. */
  prepareForCreate?(obj: KubeObject): void;
  /** On update: what the client may not change (e.g. status). */
  prepareForUpdate?(obj: KubeObject, old: KubeObject): void;
}

/**
 * A served kind: its resource entry plus behaviour, table columns and schema hints.
 *
 * Its OpenAPI schema (for `kubectl explain`, strict field validation and merge keys) is not
 * written here: it is generated from the TypeScript interface named like the kind, whose
 * properties carry one-line doc comments. Declare that interface (extending KubeObject), then
 * run `deno task schemas` and commit `core/api/schema/openapi_schemas.json` (see
 * core/api/schema/schema_generator.ts for the tags: `@mergeKey`, `@listType`, `@mapType`).
 */
export interface KindDeclaration {
  info: ResourceInfo;
  behaviour?: KindBehaviour;
  /** Table columns after Name (absent: Name, Age). */
  columns?: PrinterColumnSpec[];
  /**
   * The top-level fields besides apiVersion, kind and metadata: the stand-in schema used only
   * until the kind's generated schema exists (`deno task schemas`).
   */
  fields: string[];
  /** Extra field-selector labels besides metadata.name and metadata.namespace. */
  selectableFields?: Record<string, (obj: KubeObject) => string>;
}

/** The arguments of {@link declareKind}: a resource entry with the usual fields defaulted. */
export interface KindSpec extends Omit<KindDeclaration, "info"> {
  group: string;
  version: string;
  resource: string;
  kind: string;
  namespaced: boolean;
  singular?: string;
  shortNames?: string[];
  verbs?: string[];
  categories?: string[];
  subresources?: ResourceInfo["subresources"];
}

/** Builds a declaration: singular = kind lower-cased, listKind = kind + "List", all verbs. */
export function declareKind(spec: KindSpec): KindDeclaration {
  const { group, version, resource, kind, namespaced, ...rest } = spec;
  const categories = spec.categories ?? [];
  return {
    info: {
      group,
      version,
      resource,
      singular: spec.singular ?? kind.toLowerCase(),
      kind,
      listKind: `${kind}List`,
      namespaced,
      shortNames: spec.shortNames ?? [],
      all: categories.includes("all"),
      categories: categories.filter((c) => c !== "all"),
      verbs: spec.verbs ?? READ_WRITE_VERBS,
      subresources: spec.subresources ?? {},
    },
    behaviour: rest.behaviour,
    columns: rest.columns,
    fields: rest.fields,
    selectableFields: rest.selectableFields,
  };
}

/** The creation timestamp of an object, for "Created At" date cells. */
export function createdAt(obj: KubeObject): string {
  return obj.metadata.creationTimestamp ?? "";
}

/** The Age column of a kind's table: "How long ago the `noun` was created." */
export function ageColumn(noun: string): PrinterColumnSpec {
  return {
    name: "Age",
    type: "string",
    description: `How long ago the ${noun} was created.`,
    cell: (obj, now) => ageSince(obj.metadata.creationTimestamp, now),
  };
}
