/** Field-level validation errors, as Kubernetes reports them in a 422 Status's causes. */

/** The cause reasons Kubernetes uses for invalid fields. */
export type FieldErrorType =
  | "FieldValueRequired"
  | "FieldValueInvalid"
  | "FieldValueNotSupported"
  | "FieldValueDuplicate"
  | "FieldValueForbidden"
  | "FieldValueTooLong"
  | "FieldValueTypeInvalid";

/** One invalid field: its JSON path (`spec.containers[0].name`), why, and a message. */
export interface FieldError {
  type: FieldErrorType;
  field: string;
  /** Kubernetes style: `Required value`, `Invalid value: "Foo": a lowercase RFC 1123 …`. */
  message: string;
}
