/**
 * Server-side field validation (`?fieldValidation=Strict|Warn|Ignore`): unknown fields in a
 * request body are an error (Strict), a `Warning` header (Warn, the default) or ignored.
 */

import { unknownFieldPaths } from "./openapi/field_schema.ts";
import { knownFieldsSchema } from "./openapi/known_fields.ts";
import { declaredFieldsSchema } from "./openapi/declared_fields.ts";

/** The three fieldValidation modes. */
export type FieldValidationMode = "Strict" | "Warn" | "Ignore";

/** The outcome of validating one body: an error message (Strict) or warnings to send (Warn). */
export interface FieldValidationResult {
  /** Set in Strict mode when unknown fields were found: the 400 BadRequest message. */
  error?: string;
  /** Warning header values (`299 - "unknown field \"spec.x\""`) to add to the response. */
  warnings: string[];
}

/**
 * Parses the `fieldValidation` query parameter; absent means Warn, as in Kubernetes.
 * Throws an Error with an actionable message for any other value.
 */
export function parseFieldValidation(value: string | null | undefined): FieldValidationMode {
  if (value === null || value === undefined || value === "") return "Warn";
  const mode = ["Strict", "Warn", "Ignore"].find((m) => m.toLowerCase() === value.toLowerCase());
  if (!mode) {
    throw new Error(
      `fieldValidation "${value}" is not supported; use Strict, Warn or Ignore`,
    );
  }
  return mode as FieldValidationMode;
}

/**
 * The paths of fields in `obj` that the `kind`'s schema does not know, e.g.
 * `["spec.x", "spec.containers[0].imagex"]`. Kinds without a schema report nothing.
 */
export function findUnknownFields(kind: string, obj: unknown): string[] {
  const schema = knownFieldsSchema(kind) ?? declaredFieldsSchema(kind);
  return schema ? unknownFieldPaths(schema, obj) : [];
}

/** Formats one warning as a `Warning` header value (code 299, agent "-"). */
export function warningHeaderValue(text: string): string {
  return `299 - ${JSON.stringify(text)}`;
}

/** Validates `obj` of `kind` under `mode` and says what the response must carry. */
export function checkFieldValidation(
  mode: FieldValidationMode,
  kind: string,
  obj: unknown,
): FieldValidationResult {
  if (mode === "Ignore") return { warnings: [] };
  const unknown = findUnknownFields(kind, obj);
  if (unknown.length === 0) return { warnings: [] };
  const texts = unknown.map((f) => `unknown field "${f}"`);
  if (mode === "Strict") {
    return {
      error: `${kind} in version "v1" cannot be handled as a ${kind}: strict decoding error: ${
        texts.join(", ")
      }`,
      warnings: [],
    };
  }
  return { warnings: texts.map(warningHeaderValue) };
}
