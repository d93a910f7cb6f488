/**
 * Reads fields of decoded JSON for validation: each reader returns the value when it has the
 * expected JSON type, records a FieldValueTypeInvalid error when it has another, and returns
 * undefined when the field is absent or wrong.
 */
import { type FieldError, fieldTypeInvalid } from "../field_error.ts";
import { isRecord, type JsonRecord } from "../json_value.ts";

/** `parent.child` (or `child` at the root). */
export function child(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

/** `path[i]`. */
export function index(path: string, i: number): string {
  return `${path}[${i}]`;
}

/** `path[key]` (map entries, as Kubernetes writes them). */
export function mapKey(path: string, key: string): string {
  return `${path}[${key}]`;
}

/** Switches for validation. */
export interface ValidationOptions {
  /**
   * The object came through the seed's v1beta1 API, whose replication controller ids were free
   * text ("nginxController"): allow upper case letters and '_' in RC names. RCs converted
   * from v1beta1 carry the `k8s.mesosphere.io/v1beta1-id` annotation, which does the same.
   */
  legacyV1beta1?: boolean;
}

/** Collects field errors and reads typed fields, reporting wrong JSON types. */
export class Checker {
  /** The errors found so far, in order. */
  readonly errors: FieldError[] = [];
  /** The switches in force. */
  readonly options: ValidationOptions;

  constructor(options: ValidationOptions = {}) {
    this.options = options;
  }

  /** Records errors. */
  add(...errs: FieldError[]): void {
    this.errors.push(...errs);
  }

  private wrong(obj: JsonRecord, key: string, path: string, what: string): undefined {
    this.errors.push(fieldTypeInvalid(child(path, key), obj[key], `must be ${what}`));
    return undefined;
  }

  /** `obj[key]` as a string. */
  str(obj: JsonRecord, key: string, path: string): string | undefined {
    const v = obj[key];
    if (v === undefined || v === null) return undefined;
    return typeof v === "string" ? v : this.wrong(obj, key, path, "a string");
  }

  /** `obj[key]` as an integer. */
  int(obj: JsonRecord, key: string, path: string): number | undefined {
    const v = obj[key];
    if (v === undefined || v === null) return undefined;
    return typeof v === "number" && Number.isInteger(v)
      ? v
      : this.wrong(obj, key, path, "an integer");
  }

  /** `obj[key]` as a boolean. */
  bool(obj: JsonRecord, key: string, path: string): boolean | undefined {
    const v = obj[key];
    if (v === undefined || v === null) return undefined;
    return typeof v === "boolean" ? v : this.wrong(obj, key, path, "a boolean");
  }

  /** `obj[key]` as an object. */
  rec(obj: JsonRecord, key: string, path: string): JsonRecord | undefined {
    const v = obj[key];
    if (v === undefined || v === null) return undefined;
    return isRecord(v) ? v : this.wrong(obj, key, path, "an object");
  }

  /** `obj[key]` as an array of objects (non-object items are reported and skipped as {}). */
  recs(obj: JsonRecord, key: string, path: string): JsonRecord[] | undefined {
    const v = obj[key];
    if (v === undefined || v === null) return undefined;
    if (!Array.isArray(v)) return this.wrong(obj, key, path, "an array");
    return v.map((item, i) => {
      if (isRecord(item)) return item;
      this.errors.push(fieldTypeInvalid(index(child(path, key), i), item, "must be an object"));
      return {};
    });
  }

  /** `obj[key]` as an array of strings. */
  strs(obj: JsonRecord, key: string, path: string): string[] | undefined {
    const v = obj[key];
    if (v === undefined || v === null) return undefined;
    if (!Array.isArray(v)) return this.wrong(obj, key, path, "an array of strings");
    const out: string[] = [];
    v.forEach((item, i) => {
      if (typeof item === "string") out.push(item);
      else this.errors.push(fieldTypeInvalid(index(child(path, key), i), item, "must be a string"));
    });
    return out;
  }

  /** `obj[key]` as a map of strings (labels, annotations, selectors). */
  strMap(obj: JsonRecord, key: string, path: string): Record<string, string> | undefined {
    const v = obj[key];
    if (v === undefined || v === null) return undefined;
    if (!isRecord(v)) return this.wrong(obj, key, path, "an object of strings");
    const out: Record<string, string> = {};
    for (const [k, item] of Object.entries(v)) {
      if (typeof item === "string") out[k] = item;
      else {this.errors.push(
          fieldTypeInvalid(mapKey(child(path, key), k), item, "must be a string"),
        );}
    }
    return out;
  }

  /** `obj[key]` as an IntOrString (integer or string). */
  intOrString(obj: JsonRecord, key: string, path: string): number | string | undefined {
    const v = obj[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v === "string" || (typeof v === "number" && Number.isInteger(v))) return v;
    return this.wrong(obj, key, path, "an integer or a string");
  }
}
