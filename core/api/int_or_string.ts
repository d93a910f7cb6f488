/** Kubernetes IntOrString: a port or percentage given as a number or a name. */

/** A value that is either an integer or a string (`targetPort: 8080` or `targetPort: "http"`). */
export type IntOrString = number | string;

/** True when `v` is an IntOrString (an integer or a string). */
export function isIntOrString(v: unknown): v is IntOrString {
  return (typeof v === "number" && Number.isInteger(v)) || typeof v === "string";
}

/**
 * Reads an IntOrString the seed's way: numeric strings ("8081") become numbers, other strings
 * stay names; undefined when `v` is neither.
 */
export function intOrStringFromLoose(v: unknown): IntOrString | undefined {
  if (typeof v === "number" && Number.isInteger(v)) return v;
  if (typeof v === "string") return /^[0-9]+$/.test(v) ? Number(v) : v;
  return undefined;
}
