/**
 * Rules shared by ConfigMaps and Secrets: config keys (`[-._a-zA-Z0-9]+`, at most 253
 * characters, not `.`/`..`/`..*`), base64 values decoded as Go's encoding/json does, the
 * 1 MiB size limit, and the `immutable` rule on update — with kube-apiserver's messages.
 */
import { Buffer } from "node:buffer";
import { type FieldError, fieldForbidden, fieldInvalid } from "../field_error.ts";
import { DNS1123_SUBDOMAIN_MAX_LENGTH, maxLenError, regexError } from "../name_rules.ts";
import { mapKey } from "./checker.ts";

/** The most bytes of data a ConfigMap or Secret may hold (core.MaxSecretSize). */
export const MAX_CONFIG_DATA_SIZE = 1024 * 1024;

const CONFIG_KEY_FMT = "[-._a-zA-Z0-9]+";
const CONFIG_KEY = new RegExp(`^${CONFIG_KEY_FMT}$`);

/** Problems with a ConfigMap or Secret key (validation.IsConfigMapKey). */
export function isConfigMapKey(key: string): string[] {
  const errs: string[] = [];
  if (key.length > DNS1123_SUBDOMAIN_MAX_LENGTH) {
    errs.push(maxLenError(DNS1123_SUBDOMAIN_MAX_LENGTH));
  }
  if (!CONFIG_KEY.test(key)) {
    errs.push(
      regexError(
        "a valid config key must consist of alphanumeric characters, '-', '_' or '.'",
        CONFIG_KEY_FMT,
        "key.name",
        "KEY_NAME",
        "key-name",
      ),
    );
  }
  if (key === ".") errs.push("must not be '.'");
  else if (key === "..") errs.push("must not be '..'");
  else if (key.startsWith("..")) errs.push("must not start with '..'");
  return errs;
}

/** Errors for every bad key of the map at `path` (`data[key]`). */
export function validateConfigKeys(map: Record<string, unknown>, path: string): FieldError[] {
  const out: FieldError[] = [];
  for (const key of Object.keys(map)) {
    for (const msg of isConfigMapKey(key)) out.push(fieldInvalid(mapKey(path, key), key, msg));
  }
  return out;
}

const B64_CHAR = /[A-Za-z0-9+/]/;
const B64_TEXT = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * The decoded length of standard, padded base64 text as Go's encoding/json reads `[]byte`
 * (line breaks ignored); throws `illegal base64 data at input byte N` on anything else.
 */
export function base64DecodedLength(text: string): number {
  let chars = text;
  if (!B64_TEXT.test(chars)) {
    chars = text.replace(/[\r\n]/g, "");
    if (!B64_TEXT.test(chars)) throw illegal(firstBadOffset(text));
  }
  const pad = chars.endsWith("==") ? 2 : chars.endsWith("=") ? 1 : 0;
  return (chars.length / 4) * 3 - pad;
}

/** The bytes of base64 text checked as base64DecodedLength checks it. */
export function decodeBase64Strict(text: string): Uint8Array {
  base64DecodedLength(text);
  return new Uint8Array(Buffer.from(text.replace(/[\r\n]/g, ""), "base64"));
}

/** Where Go's decoder stops on text that is not standard padded base64. */
function firstBadOffset(text: string): number {
  const at: number[] = []; // offsets in `text` of the characters that count
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === "\r" || ch === "\n") continue;
    if (!B64_CHAR.test(ch) && ch !== "=") return i;
    at.push(i);
  }
  const chars = at.map((i) => text[i]).join("");
  const pad = chars.indexOf("=");
  if (pad >= 0) return at[pad];
  return at[chars.length - (chars.length % 4)] ?? text.length;
}

function illegal(offset: number): Error {
  return new Error(`illegal base64 data at input byte ${offset}`);
}

/** Standard padded base64 of UTF-8 `text` (how stringData values become data). */
export function encodeBase64Text(text: string): string {
  return Buffer.from(text, "utf8").toString("base64");
}

/** The UTF-8 byte length of `text` (Go's len of a string). */
export function utf8Length(text: string): number {
  return Buffer.byteLength(text, "utf8");
}

/**
 * Checks that every value of a base64 map (`binaryData`, a Secret's `data`) decodes, throwing
 * as the decoder would (a 400, like kube-apiserver's), and returns the total decoded size.
 */
export function base64MapSize(map: Record<string, unknown> | undefined): number {
  let size = 0;
  for (const value of Object.values(map ?? {})) {
    if (typeof value !== "string") continue;
    size += base64DecodedLength(value);
  }
  return size;
}

/** Whether `obj.immutable` is true. */
function immutableOf(obj: Record<string, unknown>): boolean {
  return obj.immutable === true;
}

/**
 * On update of an object that was `immutable: true`: `immutable` must stay true and the
 * `fields` (data, binaryData) may not change — "field is immutable when `immutable` is set".
 */
export function validateImmutableData(
  obj: Record<string, unknown>,
  old: Record<string, unknown>,
  fields: string[],
): FieldError[] {
  if (!immutableOf(old)) return [];
  const out: FieldError[] = [];
  const detail = "field is immutable when `immutable` is set";
  if (!immutableOf(obj)) out.push(fieldForbidden("immutable", detail));
  for (const f of fields) {
    if (!sameMap(obj[f], old[f])) out.push(fieldForbidden(f, detail));
  }
  return out;
}

/** Equal string maps, where absent and empty are the same (as Go's nil and empty maps after a round trip). */
function sameMap(a: unknown, b: unknown): boolean {
  const ea = Object.entries((a ?? {}) as Record<string, unknown>);
  const eb = (b ?? {}) as Record<string, unknown>;
  return ea.length === Object.keys(eb).length && ea.every(([k, v]) => eb[k] === v);
}
