/**
 * The envelope formats of kube-apiserver's local encryption providers, byte for byte:
 * `k8s:enc:<provider>:v1:<key name>:` then — aesgcm: 12-byte random nonce, ciphertext, 16-byte
 * tag, with the storage key as additional authenticated data; aescbc: 16-byte random IV and
 * PKCS#7-padded ciphertext; secretbox: 24-byte random nonce and the XSalsa20-Poly1305 box.
 */
import { type CipherGCMTypes, createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { Buffer } from "node:buffer";
import nacl from "tweetnacl";
import type { KeyedProviderType } from "./encryption_config.ts";

/** One provider key able to seal and open values. */
export interface ValueCipher {
  /** `k8s:enc:<provider>:v1:<key name>:` as bytes. */
  prefix: Uint8Array;
  /** The envelope body (without prefix) of `plain`; `ad` is the storage key. */
  seal(plain: Uint8Array, ad: Uint8Array): Uint8Array;
  /** The plain bytes of an envelope body; throws when it does not authenticate. */
  open(body: Uint8Array, ad: Uint8Array): Uint8Array;
}

/** The prefix every encrypted value starts with. */
export const ENCRYPTED_PREFIX = "k8s:enc:";

function concat(...parts: Uint8Array[]): Uint8Array {
  return Buffer.concat(parts);
}

function aesName(mode: "gcm" | "cbc", key: Uint8Array): string {
  return `aes-${key.length * 8}-${mode}`;
}

function gcm(key: Uint8Array): Omit<ValueCipher, "prefix"> {
  const alg = aesName("gcm", key) as CipherGCMTypes;
  return {
    seal(plain, ad) {
      const nonce = randomBytes(12);
      const c = createCipheriv(alg, key, nonce);
      c.setAAD(ad);
      const body = concat(c.update(plain), c.final());
      return concat(nonce, body, c.getAuthTag());
    },
    open(body, ad) {
      if (body.length < 12 + 16) throw new Error("the data is too short for AES-GCM");
      const d = createDecipheriv(alg, key, body.subarray(0, 12));
      d.setAAD(ad);
      d.setAuthTag(body.subarray(body.length - 16));
      return concat(d.update(body.subarray(12, body.length - 16)), d.final());
    },
  };
}

function cbc(key: Uint8Array): Omit<ValueCipher, "prefix"> {
  return {
    seal(plain) {
      const iv = randomBytes(16);
      const c = createCipheriv(aesName("cbc", key), key, iv);
      return concat(iv, c.update(plain), c.final());
    },
    open(body) {
      if (body.length < 32 || body.length % 16 !== 0) {
        throw new Error("the data is not a whole number of AES-CBC blocks");
      }
      const d = createDecipheriv(aesName("cbc", key), key, body.subarray(0, 16));
      return concat(d.update(body.subarray(16)), d.final());
    },
  };
}

function secretbox(key: Uint8Array): Omit<ValueCipher, "prefix"> {
  return {
    seal(plain) {
      const nonce = nacl.randomBytes(nacl.secretbox.nonceLength);
      return concat(nonce, nacl.secretbox(plain, nonce, key));
    },
    open(body) {
      const n = nacl.secretbox.nonceLength;
      const plain = body.length > n
        ? nacl.secretbox.open(body.subarray(n), body.subarray(0, n), key)
        : null;
      if (plain === null) throw new Error("the secretbox does not authenticate with this key");
      return plain;
    },
  };
}

const MAKERS: Record<KeyedProviderType, (key: Uint8Array) => Omit<ValueCipher, "prefix">> = {
  aesgcm: gcm,
  aescbc: cbc,
  secretbox,
};

/** The cipher of one provider key, with its kube prefix. */
export function valueCipher(type: KeyedProviderType, name: string, key: Uint8Array): ValueCipher {
  const prefix = new TextEncoder().encode(`${ENCRYPTED_PREFIX}${type}:v1:${name}:`);
  return { prefix, ...MAKERS[type](key) };
}
