import assert from "node:assert/strict";
import {
  formatQuantity,
  isQuantity,
  parseCpu,
  parseMemory,
  parseQuantity,
  QuantityError,
} from "../../../core/api/quantity.ts";

Deno.test("parseQuantity: suffixes, exponents, fractions", () => {
  const cases: [string | number, number][] = [
    ["250m", 0.25],
    ["0.5", 0.5],
    [".5", 0.5],
    ["2", 2],
    ["100m", 0.1],
    ["1500m", 1.5],
    ["64Mi", 64 * 2 ** 20],
    ["1Gi", 2 ** 30],
    ["1.5Gi", 1.5 * 2 ** 30],
    ["128Ki", 131072],
    ["1G", 1e9],
    ["1k", 1000],
    ["1M", 1e6],
    ["1e3", 1000],
    ["1E3", 1000],
    ["5e-3", 0.005],
    ["100n", 1e-7],
    ["10u", 1e-5],
    ["+3", 3],
    ["-1", -1],
    [" 2 ", 2],
    [7, 7],
  ];
  for (const [text, want] of cases) {
    assert.ok(Math.abs(parseQuantity(text) - want) < 1e-12, `${text} → ${parseQuantity(text)}`);
  }
  assert.equal(parseCpu("250m"), 0.25);
  assert.equal(parseMemory("64Mi"), 67108864);
});

Deno.test("parseQuantity rejects bad text with Kubernetes' regex in the message", () => {
  for (const bad of ["", "lots", "1.2.3", "1Zi", "1mi", "Mi", "1 Gi", "1e", "--1"]) {
    assert.throws(() => parseQuantity(bad), (e: unknown) => {
      assert.ok(e instanceof QuantityError, bad);
      assert.match(
        e.message,
        new RegExp(`quantity ${JSON.stringify(bad).replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`),
      );
      return true;
    });
    assert.equal(isQuantity(bad), false, bad);
  }
  assert.throws(() => parseQuantity(Number.NaN), QuantityError);
  assert.equal(isQuantity("1Gi"), true);
  assert.equal(isQuantity({}), false);
});

Deno.test("formatQuantity writes Kubernetes' canonical forms", () => {
  const cases: [number, "BinarySI" | "DecimalSI", string][] = [
    [0, "DecimalSI", "0"],
    [0.25, "DecimalSI", "250m"],
    [0.1, "DecimalSI", "100m"],
    [1.5, "DecimalSI", "1500m"],
    [2, "DecimalSI", "2"],
    [1000, "DecimalSI", "1k"],
    [1e9, "DecimalSI", "1G"],
    [1234, "DecimalSI", "1234"],
    [67108864, "BinarySI", "64Mi"],
    [2 ** 30, "BinarySI", "1Gi"],
    [1536, "BinarySI", "1536"],
    [1024 * 1024 * 1024 * 3, "BinarySI", "3Gi"],
    [1000, "BinarySI", "1k"],
    [100, "BinarySI", "100"],
    [-0.5, "DecimalSI", "-500m"],
    [1e-6, "DecimalSI", "1u"],
  ];
  for (const [value, format, want] of cases) {
    assert.equal(formatQuantity(value, format), want, `${value} ${format}`);
  }
  for (const text of ["250m", "64Mi", "3Gi", "1k", "2"]) {
    const format = text.endsWith("i") ? "BinarySI" : "DecimalSI";
    assert.equal(formatQuantity(parseQuantity(text), format), text);
  }
});
