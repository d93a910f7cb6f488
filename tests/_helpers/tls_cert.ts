/**
 * Test TLS material: a throwaway CA and a localhost/127.0.0.1 serving certificate signed by it,
 * made with the machine's openssl. Returns undefined (callers skip loudly) without openssl.
 */

import { requires } from "./requirements.ts";

/** Paths and PEM text of a generated CA and serving certificate. */
export interface TestCert {
  dir: string;
  caFile: string;
  certFile: string;
  keyFile: string;
  caPem: string;
}

async function openssl(args: string[], cwd: string): Promise<boolean> {
  try {
    const out = await new Deno.Command("openssl", { args, cwd, stdout: "null", stderr: "piped" })
      .output();
    if (!out.success) console.error(new TextDecoder().decode(out.stderr));
    return out.success;
  } catch {
    return false;
  }
}

/** Creates the CA and serving certificate in a new temp dir (remove `dir` when done). */
export async function makeTestCert(): Promise<TestCert | undefined> {
  const dir = await Deno.makeTempDir({ prefix: "k8sm-tls-" });
  await Deno.writeTextFile(
    `${dir}/leaf.ext`,
    "basicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\n" +
      "extendedKeyUsage=serverAuth\nsubjectAltName=DNS:localhost,IP:127.0.0.1\n",
  );
  const ok = await openssl([
    "req",
    "-x509",
    "-newkey",
    "rsa:2048",
    "-nodes",
    "-days",
    "2",
    "-subj",
    "/CN=k8sm-test-ca",
    "-addext",
    "basicConstraints=critical,CA:TRUE",
    "-addext",
    "keyUsage=critical,keyCertSign",
    "-keyout",
    "ca.key",
    "-out",
    "ca.pem",
  ], dir) &&
    await openssl([
      "req",
      "-newkey",
      "rsa:2048",
      "-nodes",
      "-subj",
      "/CN=localhost",
      "-keyout",
      "key.pem",
      "-out",
      "leaf.csr",
    ], dir) &&
    await openssl([
      "x509",
      "-req",
      "-in",
      "leaf.csr",
      "-CA",
      "ca.pem",
      "-CAkey",
      "ca.key",
      "-CAcreateserial",
      "-days",
      "2",
      "-extfile",
      "leaf.ext",
      "-out",
      "cert.pem",
    ], dir);
  if (!ok) {
    await Deno.remove(dir, { recursive: true });
    return undefined;
  }
  return {
    dir,
    caFile: `${dir}/ca.pem`,
    certFile: `${dir}/cert.pem`,
    keyFile: `${dir}/key.pem`,
    caPem: await Deno.readTextFile(`${dir}/ca.pem`),
  };
}

/**
 * True when the machine's openssl runs, through `requires("openssl")`: otherwise a loud
 * message, and under CI a failing test. Call at module load only.
 */
export function haveOpenssl(): Promise<boolean> {
  return Promise.resolve(!requires("openssl").ignore);
}
