/**
 * The JSON a real Mesos master or agent writes (stout's protobuf → JSON): 64-bit integers as
 * JSON numbers (in `toMesosWireJson`'s object kept as strings beyond 2^53, where a double would
 * round them; `stringifyMesosWireJson` writes those as exact bare numbers too), and unset
 * optional fields that have an explicit proto2 default written out with it, unless deprecated
 * (`failover_timeout: 0`, `shell: true`, `refuse_seconds: 5`…). Clients must tolerate both.
 */
import protobuf from "protobufjs";
import { mesosType } from "../schema/mesos_schema.ts";
import { toMesosJson } from "../mesos_json.ts";

const LONG_TYPES = new Set(["int64", "uint64", "sint64", "fixed64", "sfixed64"]);

/** Marks a 64-bit integer beyond 2^53 for `stringifyMesosWireJson` to write as a bare number. */
const BIG_MARK = "\u0000k8sm-int64:";

function longValue(v: unknown, bare: boolean): unknown {
  if (typeof v !== "string" || !/^-?\d+$/.test(v)) return v;
  const n = Number(v);
  if (Number.isSafeInteger(n)) return n;
  return bare ? BIG_MARK + v : v;
}

function defaultOf(field: protobuf.Field): unknown {
  const d = field.options?.default;
  if (d === undefined || field.options?.deprecated || field.repeated || field.map) return undefined;
  if (field.resolvedType instanceof protobuf.Enum) {
    return typeof d === "number" ? field.resolvedType.valuesById[d] : d;
  }
  return d;
}

function convertValue(field: protobuf.Field, v: unknown, bare: boolean): unknown {
  if (field.resolvedType instanceof protobuf.Type) return wireObject(field.resolvedType, v, bare);
  return LONG_TYPES.has(field.type) ? longValue(v, bare) : v;
}

function wireObject(type: protobuf.Type, value: unknown, bare: boolean): unknown {
  if (!value || typeof value !== "object" || Array.isArray(value)) return value;
  const src = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const field of type.fieldsArray) {
    const v = src[field.name];
    if (v === undefined) {
      const d = defaultOf(field);
      if (d !== undefined) out[field.name] = d;
    } else if (field.map && v && typeof v === "object") {
      out[field.name] = Object.fromEntries(
        Object.entries(v as Record<string, unknown>).map((
          [k, x],
        ) => [k, convertValue(field, x, bare)]),
      );
    } else if (Array.isArray(v)) {
      out[field.name] = v.map((x) => convertValue(field, x, bare));
    } else {
      out[field.name] = convertValue(field, v, bare);
    }
  }
  return out;
}

/** `json` (a k8sm Mesos JSON object of `typeName`) as Mesos itself would write it. */
export function toMesosWireJson(typeName: string, json: unknown): unknown {
  return wireObject(mesosType(typeName), toMesosJson(typeName, json), false);
}

/**
 * The JSON text Mesos writes for `json` (a k8sm Mesos JSON object of `typeName`): like
 * `toMesosWireJson`, but every 64-bit integer is a bare JSON number, also beyond 2^53
 * (`"nanoseconds":1717171717123456789`). `finish` may adjust the object before it is written.
 */
export function stringifyMesosWireJson(
  typeName: string,
  json: unknown,
  finish: (wire: unknown) => unknown = (w) => w,
): string {
  const wire = finish(wireObject(mesosType(typeName), toMesosJson(typeName, json), true));
  return JSON.stringify(wire).replace(/"\\u0000k8sm-int64:(-?\d+)"/g, "$1");
}

/** UTF-8 bytes of `stringifyMesosWireJson`. */
export function encodeMesosWireJson(typeName: string, json: unknown): Uint8Array {
  return new TextEncoder().encode(stringifyMesosWireJson(typeName, json));
}
