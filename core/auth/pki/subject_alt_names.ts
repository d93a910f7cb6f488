/**
 * Subject alternative names: DNS names and IP addresses (v4 and v6) as X.509 GeneralNames,
 * and the canonical text forms used to compare what a certificate covers with what is asked.
 */
import { isIP } from "node:net";
import { implicitPrimitive, sequence } from "./der_writer.ts";

/** The 4 or 16 bytes of an IP address literal, or undefined when `text` is not one. */
export function ipAddressBytes(text: string): Uint8Array | undefined {
  const t = text.startsWith("[") && text.endsWith("]") ? text.slice(1, -1) : text;
  const kind = isIP(t);
  if (kind === 4) return Uint8Array.from(t.split(".").map(Number));
  if (kind !== 6) return undefined;
  let s = t.split("%")[0];
  const v4 = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(s);
  if (v4) {
    const b = v4.slice(1).map(Number);
    s = `${s.slice(0, v4.index)}${((b[0] << 8) | b[1]).toString(16)}:` +
      ((b[2] << 8) | b[3]).toString(16);
  }
  const parse = (part: string | undefined) =>
    part === undefined || part === "" ? [] : part.split(":").map((h) => parseInt(h, 16));
  const [head, rest] = s.includes("::") ? s.split("::") : [s, undefined];
  const front = parse(head);
  const back = parse(rest);
  const groups = rest === undefined
    ? front
    : [...front, ...new Array<number>(8 - front.length - back.length).fill(0), ...back];
  const out = new Uint8Array(16);
  groups.forEach((g, i) => {
    out[i * 2] = g >> 8;
    out[i * 2 + 1] = g & 0xff;
  });
  return out;
}

/** Canonical text of 4 or 16 IP bytes (dotted v4; eight full hex groups for v6). */
export function formatIpBytes(bytes: Uint8Array): string {
  if (bytes.length === 4) return Array.from(bytes).join(".");
  const groups: string[] = [];
  for (let i = 0; i + 1 < bytes.length; i += 2) {
    groups.push(((bytes[i] << 8) | bytes[i + 1]).toString(16));
  }
  return groups.join(":");
}

/** Canonical form of a requested SAN: IPs as formatIpBytes, DNS names lower-cased. */
export function canonicalSan(san: string): string {
  const ip = ipAddressBytes(san.trim());
  return ip ? formatIpBytes(ip) : san.trim().toLowerCase();
}

/** The GeneralNames SEQUENCE (extension value of subjectAltName) for DNS names and IPs. */
export function encodeSubjectAltNames(sans: string[]): Uint8Array {
  const names = [...new Set(sans.map((s) => s.trim()).filter((s) => s !== ""))].map((san) => {
    const ip = ipAddressBytes(san);
    if (ip) return implicitPrimitive(7, ip);
    if (!isDnsName(san)) {
      throw new Error(
        `subject alternative name "${san}" is neither an IP address nor a DNS name; ` +
          "give a host name like node1.example.com or an address like 10.0.0.5",
      );
    }
    return implicitPrimitive(2, new TextEncoder().encode(san));
  });
  return sequence(...names);
}

/** Whether `name` can be a dNSName SAN (letters, digits, "-", "_", ".", optional "*." prefix). */
export function isDnsName(name: string): boolean {
  return /^(\*\.)?[A-Za-z0-9_]([A-Za-z0-9_.-]*[A-Za-z0-9_])?$/.test(name);
}
