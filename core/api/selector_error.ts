/** The error thrown for unparsable label or field selectors. */

/** Thrown for unparsable label or field selectors; the message names the bad text. */
export class SelectorError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SelectorError";
  }
}
