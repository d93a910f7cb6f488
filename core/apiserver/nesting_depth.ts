/**
 * A cheap pre-parse scan bounding how deeply a JSON or YAML request body nests, so that neither
 * the parsers nor the recursive code after them (patches, validation, serialisation) can run out
 * of stack on hostile input. kube-apiserver stops at 10000 levels (Go's encoding/json and
 * go-yaml: "exceeded max depth of 10000"), which Go's growable stacks afford; in k8sm the YAML
 * parser runs out of stack near 800 levels and the patch code near 3000, so the limit is 500:
 * still far above any real object (a core/v1 pod template nests about 15 levels).
 */

/** The deepest nesting of objects and arrays a request body may have. */
export const MAX_NESTING_DEPTH = 500;

/**
 * The nesting depth of JSON text: the deepest level of `{`/`[` outside strings. Stops counting
 * (returning a value above `stopAt`) as soon as `stopAt` is exceeded. Malformed text is measured
 * all the same; the parser reports what is wrong with it.
 */
export function jsonNestingDepth(text: string, stopAt = MAX_NESTING_DEPTH): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
      continue;
    }
    if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > max) {
        max = depth;
        if (max > stopAt) return max;
      }
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return max;
}

/**
 * An upper bound of the nesting depth of YAML text. Per line it adds the indentation (a deeper
 * block needs more of it), the block indicators (`- `, `? `) stacked at the line's start and
 * the flow brackets open at the line's end (`[`/`{` outside quotes and comments, carried across
 * lines). Generous for ordinary documents, it never under-counts what the parser will build.
 */
export function yamlNestingDepth(text: string, stopAt = MAX_NESTING_DEPTH): number {
  let max = 0;
  let flow = 0;
  let quote = 0; // 0, or the code of the open quote character (' or ")
  for (const line of text.split("\n")) {
    let i = 0;
    let block = 0;
    if (quote === 0 && flow === 0) {
      while (i < line.length && (line[i] === " " || line[i] === "\t")) i++;
      block = i + 1;
      while (
        i + 1 < line.length && (line[i] === "-" || line[i] === "?") &&
        (line[i + 1] === " " || line[i + 1] === "\t")
      ) {
        block++;
        i += 2;
        while (i < line.length && line[i] === " ") i++;
      }
    }
    for (; i < line.length; i++) {
      const c = line.charCodeAt(i);
      if (quote !== 0) {
        if (quote === 0x22 && c === 0x5c) i++;
        else if (c === quote) quote = 0;
        continue;
      }
      if ((c === 0x22 || c === 0x27) && startsScalar(line, i)) quote = c;
      else if (c === 0x23 && (i === 0 || line[i - 1] === " ")) break; // a comment
      else if (c === 0x7b || c === 0x5b) flow++;
      else if (c === 0x7d || c === 0x5d) flow = Math.max(0, flow - 1);
      if (block + flow > max) {
        max = block + flow;
        if (max > stopAt) return max;
      }
    }
    if (block + flow > max) max = block + flow;
    if (max > stopAt) return max;
  }
  return max;
}

/** Whether a quote at `i` opens a quoted scalar (it follows the line's start or an indicator). */
function startsScalar(line: string, i: number): boolean {
  let j = i - 1;
  while (j >= 0 && line[j] === " ") j--;
  return j < 0 || ":-?[{,".includes(line[j]);
}

/** The message of the 400 for a body nested deeper than `limit`. */
export function nestingDepthMessage(format: "JSON" | "YAML", limit = MAX_NESTING_DEPTH): string {
  return `the request body is not valid ${format}: exceeded max depth of ${limit} ` +
    `(objects and arrays nested more than ${limit} levels deep); send a flatter object`;
}
