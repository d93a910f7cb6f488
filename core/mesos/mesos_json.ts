/**
 * Mesos' own JSON wire form (stout/protobuf.hpp), as the master and agent accept and emit it
 * with `Content-Type: application/json`, converted to and from k8sm's Mesos JSON objects.
 */
import { mesosMessage, mesosObject } from "./codec.ts";

/**
 * Normalises a k8sm Mesos JSON object for sending as `application/json`: unknown keys dropped,
 * enums by name, 64-bit integers as decimal strings and non-finite doubles as strings (so that
 * `JSON.stringify` never turns Infinity into null, which Mesos reads as "unset").
 */
export function toMesosJson(typeName: string, json: unknown): unknown {
  return mesosObject(typeName, mesosMessage(typeName, json));
}

/**
 * Normalises JSON received from Mesos into a k8sm Mesos JSON object: numbers in 64-bit fields
 * become decimal strings, numeric strings in number fields become numbers, unknown keys and
 * unknown names of optional enums are dropped. Throws when required fields are missing. Note that
 * Mesos also emits unset optional fields that have explicit defaults; those stay present.
 */
export function fromMesosJson(typeName: string, json: unknown): unknown {
  return mesosObject(typeName, mesosMessage(typeName, json));
}

/** Serialises a Mesos JSON object (after `toMesosJson`) to UTF-8 bytes. */
export function stringifyMesosJson(typeName: string, json: unknown): Uint8Array<ArrayBuffer> {
  return new TextEncoder().encode(JSON.stringify(toMesosJson(typeName, json)));
}

/**
 * Parses JSON text like JSON.parse, except that integer literals too long to be exact in a
 * double (16 digits or more) are kept as decimal strings, so 64-bit ids and nanoseconds survive.
 */
export function parseMesosJsonText(text: string): unknown {
  let out = "";
  let last = 0;
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '"') {
      i++;
      while (i < text.length && text[i] !== '"') i += text[i] === "\\" ? 2 : 1;
      i++;
      continue;
    }
    if (c === "-" || (c >= "0" && c <= "9")) {
      const start = i;
      while (i < text.length && /[-+0-9.eE]/.test(text[i])) i++;
      const token = text.slice(start, i);
      if (/^-?\d{16,}$/.test(token)) {
        out += text.slice(last, start) + `"${token}"`;
        last = i;
      }
      continue;
    }
    i++;
  }
  return JSON.parse(out + text.slice(last));
}

/** Parses UTF-8 JSON bytes received from Mesos into a k8sm Mesos JSON object of `typeName`. */
export function parseMesosJson(typeName: string, bytes: Uint8Array): unknown {
  const text = new TextDecoder().decode(bytes);
  let raw: unknown;
  try {
    raw = parseMesosJsonText(text);
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    throw new Error(`Cannot parse ${typeName} from JSON (${bytes.length} bytes): ${why}.`);
  }
  return fromMesosJson(typeName, raw);
}
