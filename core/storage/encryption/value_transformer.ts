/**
 * Where stored values are encrypted: both persistent backends (sqlite, etcd) pass every value
 * through a ValueTransformer on its way to and from storage. The resource of a key
 * (`/registry/secrets/…` → secrets) picks the first rule of the encryption config naming it;
 * its first provider seals, every provider of the rule may open, as kube-apiserver does. Keys
 * no rule names are stored as plain JSON text.
 */
import { Buffer } from "node:buffer";
import { resourceOfKey, storageResource } from "../../registry/keys.ts";
import { RESOURCES } from "../../api/kinds.ts";
import type { EncryptionConfig } from "./encryption_config.ts";
import { ENCRYPTED_PREFIX, type ValueCipher, valueCipher } from "./value_ciphers.ts";

/** A value as a backend holds it: JSON text, or bytes (etcd values, sqlite BLOBs). */
export type StoredBytes = string | Uint8Array;

/** A stored value that cannot be read with the configured providers. */
export class ValueTransformError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ValueTransformError";
  }
}

/** How one resource is stored: who seals (undefined = identity) and who may open. */
interface ResourcePlan {
  resource: string;
  writer?: ValueCipher;
  readers: ValueCipher[];
  identityReads: boolean;
}

const MARK = new TextEncoder().encode(ENCRYPTED_PREFIX);
const TEXT = new TextEncoder();

function startsWith(bytes: Uint8Array, prefix: Uint8Array): boolean {
  if (bytes.length < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (bytes[i] !== prefix[i]) return false;
  return true;
}

function utf8(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString("utf8");
}

/** `k8s:enc:<provider>:v1:<key>:` of an encrypted value, for messages. */
function envelopeName(bytes: Uint8Array): string {
  const head = utf8(bytes.subarray(0, 120));
  const m = /^k8s:enc:[^:]*:[^:]*:[^:]*:/.exec(head);
  return m ? m[0] : ENCRYPTED_PREFIX;
}

let served: Map<string, { group: string; resource: string }> | undefined;

/**
 * The group and resource stored under `stored` ("secrets", "deployments" of apps,
 * "rbac.authorization.k8s.io/roles"), or undefined for keys of no served resource (the
 * scheduler's `/registry/k8sm/…`), which no rule covers, not even `*.*`.
 */
function groupResourceOf(stored: string): { group: string; resource: string } | undefined {
  served ??= new Map(
    RESOURCES.map((r) => [storageResource(r), { group: r.group, resource: r.resource }]),
  );
  return served.get(stored);
}

/** Whether config resource name `name` covers group `group`, resource `resource`. */
function covers(name: string, group: string, resource: string): boolean {
  if (name === "*.*") return true;
  if (name.startsWith("*.")) return name.slice(2) === group;
  const dot = name.indexOf(".");
  return dot < 0
    ? group === "" && name === resource
    : name.slice(0, dot) === resource && name.slice(dot + 1) === group;
}

/** Seals and opens stored values per the encryption config (none: plain text only). */
export class ValueTransformer {
  readonly #config?: EncryptionConfig;
  readonly #plans = new Map<string, ResourcePlan | null>();

  constructor(config?: EncryptionConfig) {
    this.#config = config;
  }

  /** Whether any resource is encrypted. */
  get encrypting(): boolean {
    return this.#config !== undefined;
  }

  #plan(key: string): ResourcePlan | null {
    if (this.#config === undefined) return null;
    const stored = resourceOfKey(key);
    if (stored === "") return null;
    let plan = this.#plans.get(stored);
    if (plan !== undefined) return plan;
    const gr = groupResourceOf(stored);
    const rule = gr &&
      this.#config.rules.find((r) => r.resources.some((n) => covers(n, gr.group, gr.resource)));
    plan = null;
    if (gr && rule) {
      const { group, resource } = gr;
      const readers: ValueCipher[] = [];
      let writer: ValueCipher | undefined;
      rule.providers.forEach((p, i) => {
        if (p.type === "identity") return;
        const ciphers = p.keys.map((k) => valueCipher(p.type, k.name, k.secret));
        if (i === 0) writer = ciphers[0];
        readers.push(...ciphers);
      });
      const identityReads = rule.providers.some((p) => p.type === "identity");
      plan = {
        resource: group === "" ? resource : `${resource}.${group}`,
        writer,
        readers,
        identityReads,
      };
    }
    this.#plans.set(stored, plan);
    return plan;
  }

  /** What to store at `key` for the JSON text `json`. */
  seal(key: string, json: string): StoredBytes {
    const writer = this.#plan(key)?.writer;
    if (writer === undefined) return json;
    const body = writer.seal(TEXT.encode(json), TEXT.encode(key));
    const out = new Uint8Array(writer.prefix.length + body.length);
    out.set(writer.prefix);
    out.set(body, writer.prefix.length);
    return out;
  }

  /** The JSON text of the value stored at `key`; throws ValueTransformError when unreadable. */
  open(key: string, raw: StoredBytes): string {
    const plan = this.#plan(key);
    if (typeof raw === "string") {
      if (plan === null || plan.identityReads || !raw.startsWith(ENCRYPTED_PREFIX)) {
        return this.#plain(key, raw, plan);
      }
      raw = TEXT.encode(raw);
    }
    if (!startsWith(raw, MARK)) return this.#plain(key, utf8(raw), plan);
    if (plan === null) {
      throw new ValueTransformError(
        `the value at ${key} is encrypted (${envelopeName(raw)}) but no encryption provider ` +
          `config covers it: start the apiserver with --encryption-provider-config naming that key`,
      );
    }
    const reader = plan.readers.find((c) => startsWith(raw as Uint8Array, c.prefix));
    if (reader === undefined) {
      throw new ValueTransformError(
        `the value at ${key} is encrypted with ${envelopeName(raw)}, a provider key the ` +
          `encryption config for ${plan.resource} does not list: add that key back to read it`,
      );
    }
    try {
      return utf8(reader.open(raw.subarray(reader.prefix.length), TEXT.encode(key)));
    } catch (e) {
      const msg = e instanceof Error ? e.message : String(e);
      throw new ValueTransformError(
        `cannot decrypt the value at ${key} with ${envelopeName(raw)}: ${msg}; the key's ` +
          `secret in the encryption config is not the one it was written with`,
      );
    }
  }

  #plain(key: string, text: string, plan: ResourcePlan | null): string {
    if (plan === null || plan.identityReads || plan.writer === undefined) return text;
    throw new ValueTransformError(
      `the value at ${key} is stored unencrypted, but the encryption config for ` +
        `${plan.resource} has no identity provider to read it: add "- identity: {}" as its ` +
        `last provider, rewrite the objects, then remove it`,
    );
  }
}

/** The transformer of a store without an encryption config (plain text; refuses ciphertext). */
export const PLAIN_VALUES = new ValueTransformer();
