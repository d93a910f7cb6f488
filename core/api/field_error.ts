/** Field-level validation errors, as Kubernetes reports them in a 422 Status's causes. */

/** The cause reasons Kubernetes uses for invalid fields. */
export type FieldErrorType =
  | "FieldValueRequired"
  | "FieldValueInvalid"
  | "FieldValueNotSupported"
  | "FieldValueDuplicate"
  | "FieldValueForbidden"
  | "FieldValueTooLong"
  | "FieldValueTypeInvalid"
  | "FieldValueNotFound"
  | "FieldValueTooMany";

/** One invalid field: its JSON path (`spec.containers[0].name`), why, and a message. */
export interface FieldError {
  type: FieldErrorType;
  field: string;
  /** Kubernetes style: `Required value`, `Invalid value: "Foo": a lowercase RFC 1123 …`. */
  message: string;
}

/** Formats a bad value the way Go's field errors print it (%q for strings, %#v for maps). */
export function formatBadValue(value: unknown): string {
  if (value === null || value === undefined) return "null";
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (Array.isArray(value) && value.every((v) => typeof v === "string")) {
    return `[]string{${value.map((v) => JSON.stringify(v)).join(", ")}}`;
  }
  if (typeof value === "object" && Object.values(value).every((v) => typeof v === "string")) {
    const entries = Object.entries(value as Record<string, string>).sort(([a], [b]) =>
      a < b ? -1 : a > b ? 1 : 0
    );
    return `map[string]string{${
      entries.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`).join(", ")
    }}`;
  }
  return JSON.stringify(value);
}

function withDetail(body: string, detail: string): string {
  return detail ? `${body}: ${detail}` : body;
}

/** `Required value[: detail]`. */
export function fieldRequired(field: string, detail = ""): FieldError {
  return { type: "FieldValueRequired", field, message: withDetail("Required value", detail) };
}

/** `Invalid value: <value>: detail`. */
export function fieldInvalid(field: string, value: unknown, detail: string): FieldError {
  return {
    type: "FieldValueInvalid",
    field,
    message: withDetail(`Invalid value: ${formatBadValue(value)}`, detail),
  };
}

/** `Invalid value: <value>: detail` for a value of the wrong JSON type. */
export function fieldTypeInvalid(field: string, value: unknown, detail: string): FieldError {
  return {
    type: "FieldValueTypeInvalid",
    field,
    message: withDetail(`Invalid value: ${formatBadValue(value)}`, detail),
  };
}

/** `Unsupported value: <value>: supported values: "a", "b"`. */
export function fieldNotSupported(field: string, value: unknown, supported: string[]): FieldError {
  const detail = supported.length
    ? `supported values: ${supported.map((s) => JSON.stringify(s)).join(", ")}`
    : "";
  return {
    type: "FieldValueNotSupported",
    field,
    message: withDetail(`Unsupported value: ${formatBadValue(value)}`, detail),
  };
}

/** `Duplicate value: <value>`. */
export function fieldDuplicate(field: string, value: unknown): FieldError {
  return {
    type: "FieldValueDuplicate",
    field,
    message: `Duplicate value: ${formatBadValue(value)}`,
  };
}

/** `Forbidden: detail`. */
export function fieldForbidden(field: string, detail: string): FieldError {
  return { type: "FieldValueForbidden", field, message: withDetail("Forbidden", detail) };
}

/** `Too long: may not be more than N bytes`. */
export function fieldTooLong(field: string, maxLength: number): FieldError {
  return {
    type: "FieldValueTooLong",
    field,
    message: `Too long: may not be more than ${maxLength} bytes`,
  };
}

/** `Not found: <value>`. */
export function fieldNotFound(field: string, value: unknown): FieldError {
  return { type: "FieldValueNotFound", field, message: `Not found: ${formatBadValue(value)}` };
}

/** `field: message`, the way kubectl prints one cause. */
export function fieldErrorText(e: FieldError): string {
  return e.field ? `${e.field}: ${e.message}` : e.message;
}
