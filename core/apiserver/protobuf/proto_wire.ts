/**
 * A small protobuf wire-format decoder driven by field tables: turns a message's bytes into a
 * JSON object the way Kubernetes' Go types serialise (zero values and empty messages left out).
 */

/** How one field decodes. */
export type ProtoType =
  | "string"
  | "bytes"
  | "int"
  | "bool"
  | "time"
  | "intOrString"
  | { message: ProtoMessage }
  | { map: "string" | "bytes" };

/** A field of a message: its JSON name, type and whether it repeats. */
export interface ProtoField {
  name: string;
  type: ProtoType;
  repeated?: boolean;
  /** An embedded message whose fields JSON carries in the parent (Probe's ProbeHandler). */
  inline?: boolean;
}

/** A message: field number → field. Unknown numbers are skipped. */
export type ProtoMessage = Record<number, ProtoField>;

/** Thrown for bytes that are not a valid protobuf message. */
export class ProtoDecodeError extends Error {}

/** A cursor over protobuf bytes. */
class Reader {
  pos = 0;
  constructor(readonly buf: Uint8Array, readonly end = buf.length) {}

  varint(): number {
    let result = 0;
    let scale = 1;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.end) throw new ProtoDecodeError("truncated varint");
      const b = this.buf[this.pos++];
      result += (b & 0x7f) * scale;
      if ((b & 0x80) === 0) return result;
      scale *= 128;
    }
    throw new ProtoDecodeError("varint longer than 10 bytes");
  }

  bytes(): Uint8Array {
    const len = this.varint();
    if (this.pos + len > this.end) throw new ProtoDecodeError("length-delimited field overruns");
    const out = this.buf.subarray(this.pos, this.pos + len);
    this.pos += len;
    return out;
  }

  skip(wire: number): void {
    if (wire === 0) this.varint();
    else if (wire === 1) this.pos += 8;
    else if (wire === 2) this.bytes();
    else if (wire === 5) this.pos += 4;
    else throw new ProtoDecodeError(`unsupported wire type ${wire}`);
    if (this.pos > this.end) throw new ProtoDecodeError("field overruns the message");
  }
}

const TEXT = new TextDecoder("utf-8", { fatal: true });

const TIME: ProtoMessage = {
  1: { name: "seconds", type: "int" },
  2: { name: "nanos", type: "int" },
};
const INT_OR_STRING: ProtoMessage = {
  1: { name: "type", type: "int" },
  2: { name: "intVal", type: "int" },
  3: { name: "strVal", type: "string" },
};
const MAP_ENTRY: ProtoMessage = {
  1: { name: "key", type: "string" },
  2: { name: "value", type: "string" },
};
const BYTES_MAP_ENTRY: ProtoMessage = {
  1: { name: "key", type: "string" },
  2: { name: "value", type: "bytes" },
};

/** Standard padded base64 of `bytes` (how JSON carries Go's []byte). */
function base64Of(bytes: Uint8Array): string {
  let bin = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(bin);
}

function isEmpty(v: unknown): boolean {
  if (v === undefined || v === "" || v === 0 || v === false) return true;
  if (Array.isArray(v) || v instanceof Uint8Array) return v.length === 0;
  return typeof v === "object" && v !== null && Object.keys(v).length === 0;
}

function scalar(r: Reader, wire: number, type: ProtoType): unknown {
  if (type === "int" || type === "bool") {
    if (wire !== 0) throw new ProtoDecodeError(`expected a varint, got wire type ${wire}`);
    const n = r.varint();
    return type === "bool" ? n !== 0 : n;
  }
  if (wire !== 2) throw new ProtoDecodeError(`expected a length-delimited field, got ${wire}`);
  const bytes = r.bytes();
  if (type === "string") return TEXT.decode(bytes);
  if (type === "bytes") return bytes;
  if (type === "time") {
    const t = decodeMessage(bytes, TIME) as { seconds?: number; nanos?: number };
    if (!t.seconds && !t.nanos) return undefined;
    return new Date((t.seconds ?? 0) * 1000).toISOString().replace(/\.\d+Z$/, "Z");
  }
  if (type === "intOrString") {
    const v = decodeMessage(bytes, INT_OR_STRING) as {
      type?: number;
      intVal?: number;
      strVal?: string;
    };
    return v.type === 1 ? v.strVal ?? "" : v.intVal || undefined;
  }
  if (typeof type === "object" && "map" in type) {
    if (type.map === "string") return decodeMessage(bytes, MAP_ENTRY);
    const entry = decodeMessage(bytes, BYTES_MAP_ENTRY) as { key?: string; value?: Uint8Array };
    return { key: entry.key, value: base64Of(entry.value ?? new Uint8Array()) };
  }
  return decodeMessage(bytes, type.message);
}

/** Decodes a message's bytes with its field table into a JSON object. */
export function decodeMessage(bytes: Uint8Array, schema: ProtoMessage): Record<string, unknown> {
  const r = new Reader(bytes);
  const out: Record<string, unknown> = {};
  while (r.pos < r.end) {
    const tag = r.varint();
    const field = schema[Math.floor(tag / 8)];
    const wire = tag % 8;
    if (!field) {
      r.skip(wire);
      continue;
    }
    const value = scalar(r, wire, field.type);
    if (typeof field.type === "object" && "map" in field.type) {
      const entry = value as { key?: string; value?: string };
      const map = (out[field.name] ??= {}) as Record<string, string>;
      map[entry.key ?? ""] = entry.value ?? "";
    } else if (field.inline) {
      Object.assign(out, value);
    } else if (field.repeated) {
      ((out[field.name] ??= []) as unknown[]).push(value ?? "");
    } else if (!isEmpty(value)) {
      out[field.name] = value;
    }
  }
  return out;
}
