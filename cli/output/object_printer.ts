/**
 * The `-o json`, `-o yaml` and `-o name` printers, shaped like kubectl's: keys sorted, JSON
 * indented by 4, YAML sequences not indented, several objects wrapped in a `List`.
 */
import { stringify } from "yaml";
import type { KubeObject } from "../../core/api/object.ts";

/** Output formats of get. */
export type OutputFormat = "table" | "wide" | "json" | "yaml" | "name";

const FORMATS: OutputFormat[] = ["json", "name", "wide", "yaml"];

/** Parses `-o`; throws kubectl's message for unknown formats. */
export function parseOutputFormat(value: string | undefined): OutputFormat {
  const o = value?.replace(/^=/, ""); // kubectl's `-o=yaml`
  if (o === undefined || o === "") return "table";
  if ((FORMATS as string[]).includes(o)) return o as OutputFormat;
  throw new Error(
    `unable to match a printer suitable for the output format "${o}", allowed formats are: ${
      FORMATS.join(",")
    }`,
  );
}

/** A deep copy of `v` with object keys sorted (kubectl prints unstructured objects that way). */
export function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (typeof v === "object" && v !== null) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) out[k] = sortKeys((v as Record<string, unknown>)[k]);
    return out;
  }
  return v;
}

/** A copy of `obj` without metadata.managedFields (kubectl hides them unless asked). */
export function withoutManagedFields(obj: KubeObject): KubeObject {
  if (!obj.metadata?.managedFields) return obj;
  const { managedFields: _hidden, ...metadata } = obj.metadata;
  return { ...obj, metadata };
}

/** `objs` as the JSON or YAML document kubectl prints (one object, or a List of them). */
export function formatObjects(
  objs: KubeObject[],
  format: "json" | "yaml",
  single: boolean,
): string {
  const doc = single && objs.length === 1
    ? objs[0]
    : { apiVersion: "v1", items: objs, kind: "List", metadata: { resourceVersion: "" } };
  const sorted = sortKeys(doc);
  if (format === "json") return JSON.stringify(sorted, null, 4);
  // YAML 1.1 rules quote strings such as "on", "y" and timestamps, as kubectl does, so that
  // YAML 1.1 readers (kubectl, go-yaml) read them back as strings.
  return stringify(sorted, { indentSeq: false, lineWidth: 0, version: "1.1" }).trimEnd();
}

/** `kind/name` as `-o name` prints it ("pod/nginx", "replicationcontroller/web"). */
export function objectName(singular: string, name: string | undefined): string {
  return `${singular}/${name ?? ""}`;
}
