/** The error every patch format throws when a patch cannot be applied. */

/**
 * A patch that is malformed or does not apply to the target (a failed `test`, a missing path,
 * a bad directive). The apiserver answers it with a 422 (or 400 for an unparsable patch).
 */
export class PatchError extends Error {
  /** True when the patch document itself is malformed (→ 400), false when it does not apply. */
  readonly malformed: boolean;

  constructor(message: string, malformed = false) {
    super(message);
    this.name = "PatchError";
    this.malformed = malformed;
  }
}
