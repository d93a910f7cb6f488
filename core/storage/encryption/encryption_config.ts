/**
 * kube-apiserver's `--encryption-provider-config` file (apiVersion apiserver.config.k8s.io/v1,
 * kind EncryptionConfiguration), read and checked the way kube-apiserver checks it: every
 * problem is reported with its field path (`resources[0].providers[1].aesgcm.keys[0].secret`).
 * Providers: aesgcm and aescbc (16, 24 or 32 byte keys), secretbox (32 byte keys), identity;
 * kms is refused (k8sm has no KMS plugin support).
 */
import { Buffer } from "node:buffer";
import { parse as parseYaml } from "yaml";
import { isRecord, type JsonRecord } from "../../api/json_value.ts";

/** The apiVersion and kind an encryption config must carry. */
export const ENCRYPTION_CONFIG_API_VERSION = "apiserver.config.k8s.io/v1";
const KIND = "EncryptionConfiguration";

/** The providers that encrypt with named keys. */
export type KeyedProviderType = "aesgcm" | "aescbc" | "secretbox";

/** One named key of a provider. */
export interface EncryptionKey {
  name: string;
  /** The decoded key bytes. */
  secret: Uint8Array;
}

/** One provider of a resource rule: a keyed cipher, or identity (no encryption). */
export type EncryptionProvider =
  | { type: KeyedProviderType; keys: EncryptionKey[] }
  | { type: "identity" };

/** Resources (`secrets`, `deployments.apps`, `*.apps`, `*.`, `*.*`) and their providers. */
export interface EncryptionRule {
  resources: string[];
  /** The first writes; all of them read. */
  providers: EncryptionProvider[];
}

/** A checked EncryptionConfiguration. */
export interface EncryptionConfig {
  rules: EncryptionRule[];
}

/** A configuration file kube-apiserver would refuse, with every problem found. */
export class EncryptionConfigError extends Error {
  constructor(readonly source: string, readonly problems: string[]) {
    super(`invalid encryption provider config ${source}: ${problems.join("; ")}`);
    this.name = "EncryptionConfigError";
  }
}

const KEY_SIZES: Record<KeyedProviderType, number[]> = {
  aesgcm: [16, 24, 32],
  aescbc: [16, 24, 32],
  secretbox: [32],
};
const PROVIDER_NAMES = ["kms", "aesgcm", "aescbc", "secretbox", "identity"];
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const RESOURCE = /^(\*|[a-z0-9]([-a-z0-9]*[a-z0-9])?)(\.(\*|[a-z0-9]([-a-z0-9.]*[a-z0-9])?)?)?$/;

/** Collects `path: message` problems. */
class Problems {
  readonly list: string[] = [];
  add(path: string, message: string): void {
    this.list.push(`${path}: ${message}`);
  }
}

function checkKeys(
  p: Problems,
  raw: unknown,
  path: string,
  sizes: number[],
): EncryptionKey[] {
  if (!Array.isArray(raw) || raw.length === 0) {
    p.add(path, "Required value: at least one keys is required");
    return [];
  }
  const keys: EncryptionKey[] = [];
  const seen = new Set<string>();
  raw.forEach((item: unknown, i) => {
    const at = `${path}[${i}]`;
    const k = isRecord(item) ? item : {};
    const name = typeof k.name === "string" ? k.name : "";
    const secret = typeof k.secret === "string" ? k.secret : "";
    if (name === "") p.add(`${at}.name`, "Required value: name is a mandatory field for a key");
    else if (name.includes(":")) {
      p.add(`${at}.name`, `Invalid value: ${JSON.stringify(name)}: key name may not contain ':'`);
    } else if (seen.has(name)) p.add(`${at}.name`, `Duplicate value: ${JSON.stringify(name)}`);
    seen.add(name);
    if (secret === "") {
      p.add(`${at}.secret`, "Required value: secret is a mandatory field for a key");
      return;
    }
    if (!BASE64.test(secret) || secret.length % 4 !== 0) {
      p.add(`${at}.secret`, 'Invalid value: "REDACTED": secrets must be base64 encoded');
      return;
    }
    const bytes = new Uint8Array(Buffer.from(secret, "base64"));
    if (!sizes.includes(bytes.length)) {
      p.add(
        `${at}.secret`,
        `Invalid value: "REDACTED": secret is not of the expected length, got ${bytes.length}, ` +
          `expected one of [${sizes.join(" ")}]`,
      );
      return;
    }
    keys.push({ name, secret: bytes });
  });
  return keys;
}

function checkProvider(p: Problems, raw: unknown, path: string): EncryptionProvider | undefined {
  const item = isRecord(raw) ? raw : {};
  const named = PROVIDER_NAMES.filter((n) => item[n] !== undefined && item[n] !== null);
  const unknown = Object.keys(item).filter((n) => !PROVIDER_NAMES.includes(n));
  for (const u of unknown) {
    p.add(
      `${path}.${u}`,
      `Unsupported value: "${u}": supported values: ${PROVIDER_NAMES.join(", ")}`,
    );
  }
  if (named.length === 0) {
    p.add(
      path,
      "Invalid value: provider does not contain any of the expected providers: " +
        "KMS, AESGCM, AESCBC, Secretbox, Identity",
    );
    return undefined;
  }
  if (named.length > 1) {
    p.add(
      path,
      "Invalid value: more than one provider specified in a single element, " +
        "should split into different list elements",
    );
    return undefined;
  }
  const type = named[0];
  if (type === "identity") return { type: "identity" };
  if (type === "kms") {
    p.add(
      `${path}.kms`,
      "Forbidden: kms providers are not supported by k8sm; use aesgcm, aescbc or secretbox",
    );
    return undefined;
  }
  const keyed = type as KeyedProviderType;
  const body = isRecord(item[type]) ? item[type] as JsonRecord : {};
  const keys = checkKeys(p, body.keys, `${path}.${type}.keys`, KEY_SIZES[keyed]);
  return keys.length > 0 ? { type: keyed, keys } : undefined;
}

/** Checks a decoded EncryptionConfiguration; throws EncryptionConfigError naming each field. */
export function checkEncryptionConfig(doc: unknown, source: string): EncryptionConfig {
  const p = new Problems();
  const top = isRecord(doc) ? doc : {};
  if (top.apiVersion !== ENCRYPTION_CONFIG_API_VERSION) {
    p.add(
      "apiVersion",
      `Unsupported value: ${JSON.stringify(top.apiVersion ?? "")}: supported values: ` +
        `"${ENCRYPTION_CONFIG_API_VERSION}"`,
    );
  }
  if (top.kind !== KIND) {
    p.add(
      "kind",
      `Unsupported value: ${JSON.stringify(top.kind ?? "")}: supported values: "${KIND}"`,
    );
  }
  const rules: EncryptionRule[] = [];
  const rawRules = Array.isArray(top.resources) ? top.resources : [];
  if (rawRules.length === 0) {
    p.add("resources", "Required value: at least one resources is required");
  }
  const seen = new Set<string>();
  rawRules.forEach((raw: unknown, i) => {
    const at = `resources[${i}]`;
    const r = isRecord(raw) ? raw : {};
    const names = Array.isArray(r.resources) ? r.resources : [];
    if (names.length === 0) {
      p.add(`${at}.resources`, "Required value: at least one resources is required");
    }
    const resources: string[] = [];
    names.forEach((n: unknown, j) => {
      const name = typeof n === "string" ? n : "";
      const path = `${at}.resources[${j}]`;
      if (!RESOURCE.test(name)) {
        p.add(
          path,
          `Invalid value: ${JSON.stringify(n)}: resource name must be lowercase, as ` +
            `"secrets", "deployments.apps", "*.apps", "*." or "*.*"`,
        );
      } else if (seen.has(name)) {
        p.add(
          path,
          `Duplicate value: ${JSON.stringify(name)}: the resource "${name}" is duplicated`,
        );
      } else resources.push(name);
      seen.add(name);
    });
    const rawProviders = Array.isArray(r.providers) ? r.providers : [];
    if (rawProviders.length === 0) {
      p.add(`${at}.providers`, "Required value: at least one providers is required");
    }
    const providers = rawProviders
      .map((pr: unknown, j) => checkProvider(p, pr, `${at}.providers[${j}]`))
      .filter((pr): pr is EncryptionProvider => pr !== undefined);
    rules.push({ resources, providers });
  });
  if (p.list.length > 0) throw new EncryptionConfigError(source, p.list);
  return { rules };
}

/** Parses YAML or JSON text of an EncryptionConfiguration. */
export function parseEncryptionConfig(text: string, source: string): EncryptionConfig {
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    throw new EncryptionConfigError(source, [`it is not valid YAML or JSON: ${msg}`]);
  }
  return checkEncryptionConfig(doc, source);
}

/** Reads and checks the file at `path` (`--encryption-provider-config`). */
export async function loadEncryptionConfig(path: string): Promise<EncryptionConfig> {
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    throw new EncryptionConfigError(path, [`cannot read the file: ${msg}`]);
  }
  return parseEncryptionConfig(text, path);
}
