/**
 * Structural checks Mesos applies to every Call and Event that protobufjs skips: repeated fields
 * must be arrays and singular ones must not, and proto2 `required` fields must be present.
 */
import protobuf from "protobufjs";

/** A Mesos message that is malformed for its schema (wrong shape or missing required fields). */
export class MesosMessageError extends Error {
  /** `typeName` is the full protobuf name of the message that failed. */
  constructor(readonly typeName: string, message: string) {
    super(message);
    this.name = "MesosMessageError";
  }
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v) && !(v instanceof Uint8Array);
}

/**
 * Checks the JSON form `json` against `type`: an object for every message, an array for every
 * repeated field and no array for a singular one. Returns the problems as "path: what" strings.
 */
export function shapeProblems(type: protobuf.Type, json: unknown, path = ""): string[] {
  if (!isPlainObject(json)) {
    return [`${path || "(message)"}: expected a JSON object for ${type.fullName.slice(1)}`];
  }
  const out: string[] = [];
  for (const [key, value] of Object.entries(json)) {
    const field = type.fields[key];
    if (!field || value === null || value === undefined) continue; // Mesos ignores unknown keys.
    const at = path ? `${path}.${key}` : key;
    const sub = field.resolvedType instanceof protobuf.Type ? field.resolvedType : undefined;
    if (field.map) {
      if (!isPlainObject(value)) out.push(`${at}: expected a JSON object (map)`);
      else if (sub) {
        for (const [k, v] of Object.entries(value)) {
          out.push(...shapeProblems(sub, v, `${at}.${k}`));
        }
      }
    } else if (field.repeated) {
      if (!Array.isArray(value)) out.push(`${at}: expected an array`);
      else if (sub) value.forEach((v, i) => out.push(...shapeProblems(sub, v, `${at}[${i}]`)));
    } else if (Array.isArray(value)) {
      out.push(`${at}: expected a single value, not an array`);
    } else if (sub) {
      out.push(...shapeProblems(sub, value, at));
    }
  }
  return out;
}

/**
 * Lists the proto2 `required` fields missing from the protobufjs message `message` of `type`,
 * recursively, as dotted paths (`subscribe.framework_info.user`).
 */
export function missingRequired(type: protobuf.Type, message: unknown, path = ""): string[] {
  if (typeof message !== "object" || message === null) return [];
  const obj = message as Record<string, unknown>;
  const out: string[] = [];
  for (const field of type.fieldsArray) {
    const at = path ? `${path}.${field.name}` : field.name;
    const present = Object.hasOwn(obj, field.name) && obj[field.name] !== null &&
      obj[field.name] !== undefined;
    if (field.required && !present) {
      out.push(at);
      continue;
    }
    const sub = field.resolvedType instanceof protobuf.Type ? field.resolvedType : undefined;
    if (!sub || !present) continue;
    const value = obj[field.name];
    if (field.map && typeof value === "object" && value !== null) {
      for (const [k, v] of Object.entries(value)) {
        out.push(...missingRequired(sub, v, `${at}.${k}`));
      }
    } else if (field.repeated && Array.isArray(value)) {
      value.forEach((v, i) => out.push(...missingRequired(sub, v, `${at}[${i}]`)));
    } else {
      out.push(...missingRequired(sub, value, at));
    }
  }
  return out;
}
