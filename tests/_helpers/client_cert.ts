/**
 * Test client certificates: a TLS client certificate (extendedKeyUsage clientAuth) with a given
 * common name, signed by the CA of a `makeTestCert()` directory, made with the openssl CLI.
 */
import type { TestCert } from "./tls_cert.ts";

/** Paths and PEM text of a generated client certificate and key. */
export interface TestClientCert {
  certFile: string;
  keyFile: string;
  certPem: string;
  keyPem: string;
}

async function openssl(args: string[], cwd: string): Promise<void> {
  const out = await new Deno.Command("openssl", { args, cwd, stdout: "null", stderr: "piped" })
    .output();
  if (!out.success) {
    throw new Error(
      `openssl ${args[0]} failed making a client certificate: ${
        new TextDecoder().decode(out.stderr)
      }`,
    );
  }
}

/** Signs a client certificate for `cn` with `ca`'s key; files go into `ca.dir` as `<name>.*`. */
export async function makeClientCert(
  ca: TestCert,
  cn: string,
  name = "client",
): Promise<TestClientCert> {
  const dir = ca.dir;
  await Deno.writeTextFile(
    `${dir}/${name}.ext`,
    "basicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\n" +
      "extendedKeyUsage=clientAuth\n",
  );
  await openssl([
    "req",
    "-newkey",
    "rsa:2048",
    "-nodes",
    "-subj",
    `/CN=${cn}`,
    "-keyout",
    `${name}-key.pem`,
    "-out",
    `${name}.csr`,
  ], dir);
  await openssl([
    "x509",
    "-req",
    "-in",
    `${name}.csr`,
    "-CA",
    "ca.pem",
    "-CAkey",
    "ca.key",
    "-CAcreateserial",
    "-days",
    "2",
    "-extfile",
    `${name}.ext`,
    "-out",
    `${name}.pem`,
  ], dir);
  const certFile = `${dir}/${name}.pem`;
  const keyFile = `${dir}/${name}-key.pem`;
  return {
    certFile,
    keyFile,
    certPem: await Deno.readTextFile(certFile),
    keyPem: await Deno.readTextFile(keyFile),
  };
}
