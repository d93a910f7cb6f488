/**
 * `describe` sections of ConfigMaps, Secrets and ServiceAccounts in kubectl's layout. A
 * Secret's values are never printed: each key shows its size in bytes, as kubectl does.
 */
import { Buffer } from "node:buffer";
import { asRecord, asRecords } from "../../core/api/json_value.ts";
import type { KubeObject } from "../../core/api/object.ts";
import type { DescribeWriter } from "./describe_writer.ts";

function sortedEntries(m: unknown): [string, unknown][] {
  return Object.entries(asRecord(m)).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** The decoded size of one base64 value. */
function decodedBytes(v: unknown): number {
  return typeof v === "string" ? Buffer.from(v, "base64").length : 0;
}

/** A ConfigMap's Data (values shown) and BinaryData (sizes only). */
export function describeConfigMap(w: DescribeWriter, o: KubeObject): void {
  w.raw(0, "").raw(0, "Data").raw(0, "====");
  for (const [k, v] of sortedEntries(o.data)) {
    w.raw(0, `${k}:`).raw(0, "----").raw(0, String(v)).raw(0, "");
  }
  w.raw(0, "").raw(0, "BinaryData").raw(0, "====");
  for (const [k, v] of sortedEntries(o.binaryData)) {
    w.raw(0, `${k}: ${decodedBytes(v)} bytes`);
  }
  w.raw(0, "");
}

/** A Secret's Type and, per key, its size in bytes (never its value). */
export function describeSecret(w: DescribeWriter, o: KubeObject): void {
  w.raw(0, "").field(0, "Type", String(o.type ?? "")).raw(0, "");
  w.raw(0, "Data").raw(0, "====");
  for (const [k, v] of sortedEntries(o.data)) w.field(0, k, `${decodedBytes(v)} bytes`);
}

/** A ServiceAccount's image pull secrets, mountable secrets and tokens. */
export function describeServiceAccount(w: DescribeWriter, o: KubeObject): void {
  const names = (v: unknown) => asRecords(v).map((r) => String(r.name ?? ""));
  const list = (key: string, items: string[]) => {
    if (items.length === 0) w.field(0, key, "<none>");
    items.forEach((n, i) => w.field(0, i === 0 ? key : "", n));
  };
  list("Image pull secrets", names(o.imagePullSecrets));
  list("Mountable secrets", names(o.secrets));
  list("Tokens", []);
}
