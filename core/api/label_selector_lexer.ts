/** Splits label selector text into tokens, as Kubernetes' selector lexer does. */

/** The kinds of label selector tokens. */
export type LabelTokenType =
  | "id"
  | "in"
  | "notin"
  | "("
  | ")"
  | ","
  | "="
  | "=="
  | "!="
  | "!"
  | "gt"
  | "lt"
  | "eos";

/** One token: its type and the text it came from (empty at the end of the string). */
export interface LabelToken {
  type: LabelTokenType;
  text: string;
}

const SPECIAL = new Set(["!", "=", "(", ")", ",", "<", ">"]);
const WHITESPACE = /\s/;

const SYMBOLS: Record<string, LabelTokenType> = {
  "!=": "!=",
  "==": "==",
  "!": "!",
  "=": "=",
  "(": "(",
  ")": ")",
  ",": ",",
  ">": "gt",
  "<": "lt",
};

/** Tokens of `text`, ending with one `eos` token. */
export function lexLabelSelector(text: string): LabelToken[] {
  const tokens: LabelToken[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (WHITESPACE.test(c)) {
      i++;
      continue;
    }
    if (SPECIAL.has(c)) {
      const two = text.slice(i, i + 2);
      if (two === "!=" || two === "==") {
        tokens.push({ type: SYMBOLS[two], text: two });
        i += 2;
      } else {
        tokens.push({ type: SYMBOLS[c], text: c });
        i++;
      }
      continue;
    }
    let j = i;
    while (j < text.length && !SPECIAL.has(text[j]) && !WHITESPACE.test(text[j])) j++;
    const word = text.slice(i, j);
    tokens.push({ type: word === "in" ? "in" : word === "notin" ? "notin" : "id", text: word });
    i = j;
  }
  tokens.push({ type: "eos", text: "" });
  return tokens;
}
