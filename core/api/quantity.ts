/**
 * Kubernetes resource quantities ("250m", "0.5", "64Mi", "1G", "1e3"): parsed to plain numbers
 * (cpu in cores, memory in bytes) and formatted back.
 */

/** The regular expression Kubernetes names in its quantity parse error. */
export const QUANTITY_REGEX_TEXT = "^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$";
const QUANTITY = /^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$/;

const BINARY: Record<string, number> = {
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};
const DECIMAL_EXP: Record<string, number> = {
  n: -9,
  u: -6,
  m: -3,
  "": 0,
  k: 3,
  M: 6,
  G: 9,
  T: 12,
  P: 15,
  E: 18,
};

/** Thrown for text that is not a Kubernetes quantity. */
export class QuantityError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "QuantityError";
  }
}

function scale(mantissa: string, exp: number): number {
  // Scale in decimal text to avoid binary float drift ("0.1" * 1e-3).
  return Number(`${mantissa}e${exp}`);
}

/** Parses a quantity to a number; throws QuantityError naming the bad text. */
export function parseQuantity(text: string | number): number {
  if (typeof text === "number") {
    if (Number.isFinite(text)) return text;
    throw new QuantityError(`quantity ${text} is not a finite number`);
  }
  const m = QUANTITY.exec(text.trim());
  if (!m || !/^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)$/.test(m[1])) {
    throw new QuantityError(
      `quantity ${
        JSON.stringify(text)
      } is invalid: quantities must match the regular expression '${QUANTITY_REGEX_TEXT}'`,
    );
  }
  const [, num, suffix] = m;
  if (suffix in BINARY) return Number(num) * BINARY[suffix];
  if (suffix in DECIMAL_EXP) return scale(num, DECIMAL_EXP[suffix]);
  const e = /^[eE]([-+]?[0-9]+)$/.exec(suffix);
  if (e) return scale(num, Number(e[1]));
  throw new QuantityError(
    `quantity ${JSON.stringify(text)} has an unknown suffix ${JSON.stringify(suffix)}` +
      " (use one of n u m k M G T P E, Ki Mi Gi Ti Pi Ei, or an exponent like e3)",
  );
}

/** True when `text` parses as a quantity. */
export function isQuantity(text: unknown): boolean {
  if (typeof text !== "string" && typeof text !== "number") return false;
  try {
    parseQuantity(text);
    return true;
  } catch {
    return false;
  }
}

/** How to write a quantity back: binary suffixes (memory) or decimal ones (cpu, counts). */
export type QuantityFormat = "BinarySI" | "DecimalSI";

/** Formats a number as a quantity: 0.25 → "250m", 67108864 → "64Mi" (BinarySI), 1e9 → "1G". */
export function formatQuantity(value: number, format: QuantityFormat = "DecimalSI"): string {
  if (value === 0) return "0";
  const sign = value < 0 ? "-" : "";
  const abs = Math.abs(value);
  if (format === "BinarySI" && Number.isInteger(abs) && abs >= 1024) {
    for (const s of ["Ei", "Pi", "Ti", "Gi", "Mi", "Ki"]) {
      if (abs % BINARY[s] === 0) return `${sign}${abs / BINARY[s]}${s}`;
    }
  }
  if (Number.isInteger(abs)) {
    for (const s of ["E", "P", "T", "G", "M", "k"]) {
      const unit = 10 ** DECIMAL_EXP[s];
      if (abs % unit === 0) return `${sign}${abs / unit}${s}`;
    }
    return `${sign}${abs}`;
  }
  for (const s of ["m", "u", "n"]) {
    const scaled = Number((abs * 10 ** -DECIMAL_EXP[s]).toPrecision(15));
    if (Number.isInteger(scaled)) return `${sign}${scaled}${s}`;
  }
  return `${sign}${Math.ceil(abs * 1e9)}n`;
}

/** CPU cores from a quantity ("250m" → 0.25). */
export function parseCpu(text: string | number): number {
  return parseQuantity(text);
}

/** Bytes from a quantity ("64Mi" → 67108864). */
export function parseMemory(text: string | number): number {
  return parseQuantity(text);
}
