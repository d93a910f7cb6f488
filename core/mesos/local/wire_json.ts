/**
 * The JSON a real Mesos master or agent writes (stout's protobuf → JSON): 64-bit integers as
 * JSON numbers (kept as strings only beyond 2^53, where a double would round them), and unset
 * optional fields that have an explicit proto2 default written out with it, unless deprecated
 * (`failover_timeout: 0`, `shell: true`, `refuse_seconds: 5`…). Clients must tolerate both.
 */
import protobuf from "protobufjs";
import { mesosType } from "../schema/mesos_schema.ts";
import { toMesosJson } from "../mesos_json.ts";

const LONG_TYPES = new Set(["int64", "uint64", "sint64", "fixed64", "sfixed64"]);

function longValue(v: unknown): unknown {
  if (typeof v !== "string" || !/^-?\d+$/.test(v)) return v;
  const n = Number(v);
  return Number.isSafeInteger(n) ? n : v;
}

function defaultOf(field: protobuf.Field): unknown {
  const d = field.options?.default;
  if (d === undefined || field.options?.deprecated || field.repeated || field.map) return undefined;
  if (field.resolvedType instanceof protobuf.Enum) {
    return typeof d === "number" ? field.resolvedType.valuesById[d] : d;
  }
  return d;
}

function convertValue(field: protobuf.Field, v: unknown): unknown {
  if (field.resolvedType instanceof protobuf.Type) return wireObject(field.resolvedType, v);
  return LONG_TYPES.has(field.type) ? longValue(v) : v;
}

function wireObject(type: protobuf.Type, value: unknown): unknown {
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
        Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, convertValue(field, x)]),
      );
    } else if (Array.isArray(v)) {
      out[field.name] = v.map((x) => convertValue(field, x));
    } else {
      out[field.name] = convertValue(field, v);
    }
  }
  return out;
}

/** `json` (a k8sm Mesos JSON object of `typeName`) as Mesos itself would write it. */
export function toMesosWireJson(typeName: string, json: unknown): unknown {
  return wireObject(mesosType(typeName), toMesosJson(typeName, json));
}

/** UTF-8 bytes of `toMesosWireJson`. */
export function encodeMesosWireJson(typeName: string, json: unknown): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(toMesosWireJson(typeName, json)));
}
