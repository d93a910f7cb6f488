/** File helpers of the cluster PKI: read PEM files, write them atomically with a mode. */
import { Buffer } from "node:buffer";
import { createPrivateKey, createPublicKey, X509Certificate } from "node:crypto";

/** The text of `path`, or undefined when it does not exist. */
export async function readPem(path: string): Promise<string | undefined> {
  try {
    return await Deno.readTextFile(path);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return undefined;
    throw new Error(`cannot read ${path}: ${(e as Error).message}; check its permissions`);
  }
}

/**
 * Writes `text` to `path` through a temporary file renamed into place, so a crash never leaves
 * half a key, with `mode` (0600 for private keys) set before any content is written.
 */
export async function writeSecure(path: string, text: string, mode: number): Promise<void> {
  const tmp = `${path}.tmp-${crypto.randomUUID()}`;
  try {
    const f = await Deno.open(tmp, { write: true, createNew: true, mode });
    try {
      await Deno.chmod(tmp, mode);
      await f.write(new TextEncoder().encode(text));
    } finally {
      f.close();
    }
    await Deno.rename(tmp, path);
  } catch (e) {
    await Deno.remove(tmp).catch(() => {});
    throw new Error(
      `cannot write ${path}: ${(e as Error).message}; check the directory's permissions`,
    );
  }
}

/** Whether the private key in `keyPem` matches the public key of the certificate `certPem`. */
export function sameKeyPair(certPem: string, keyPem: string): boolean {
  try {
    const certKey = new X509Certificate(certPem).publicKey.export({ format: "der", type: "spki" });
    const own = createPublicKey(createPrivateKey(keyPem)).export({ format: "der", type: "spki" });
    return Buffer.compare(new Uint8Array(certKey), new Uint8Array(own)) === 0;
  } catch {
    return false;
  }
}
