/**
 * The two Mesos v1 HTTP body encodings and the helpers that encode and decode a message body in
 * either of them.
 */
import { decodeMesos, encodeMesos } from "./codec.ts";
import { parseMesosJson, stringifyMesosJson } from "./mesos_json.ts";

/** `Content-Type`/`Accept` value for protobuf bodies (k8sm's default). */
export const CONTENT_TYPE_PROTOBUF = "application/x-protobuf";
/** `Content-Type`/`Accept` value for Mesos JSON bodies. */
export const CONTENT_TYPE_JSON = "application/json";

/** One of the two exact content types Mesos accepts. */
export type MesosContentType = typeof CONTENT_TYPE_PROTOBUF | typeof CONTENT_TYPE_JSON;

/** True when `value` is exactly one of the Mesos content types (Mesos compares whole strings). */
export function isMesosContentType(value: string | null | undefined): value is MesosContentType {
  return value === CONTENT_TYPE_PROTOBUF || value === CONTENT_TYPE_JSON;
}

/** Encodes the Mesos JSON object `json` of `typeName` as a body in `contentType`. */
export function encodeMesosBody(
  typeName: string,
  json: unknown,
  contentType: MesosContentType,
): Uint8Array<ArrayBuffer> {
  return contentType === CONTENT_TYPE_JSON
    ? stringifyMesosJson(typeName, json)
    : encodeMesos(typeName, json);
}

/** Decodes a body in `contentType` into a Mesos JSON object of `typeName`. */
export function decodeMesosBody(
  typeName: string,
  bytes: Uint8Array,
  contentType: MesosContentType,
): unknown {
  return contentType === CONTENT_TYPE_JSON
    ? parseMesosJson(typeName, bytes)
    : decodeMesos(typeName, bytes);
}

/**
 * The stream encoding Mesos picks from an `Accept` header: JSON when it is missing, is a
 * wildcard, or lists both types; protobuf only when asked for alone; undefined (→ 406) when
 * neither type is acceptable.
 */
export function negotiateMesosAccept(accept: string | null): MesosContentType | undefined {
  if (accept === null || accept.trim() === "") return CONTENT_TYPE_JSON;
  const types = accept.split(",").map((p) => p.split(";")[0].trim().toLowerCase());
  if (types.some((t) => t === CONTENT_TYPE_JSON || t === "*/*" || t === "application/*")) {
    return CONTENT_TYPE_JSON;
  }
  if (types.includes(CONTENT_TYPE_PROTOBUF)) return CONTENT_TYPE_PROTOBUF;
  return undefined;
}
