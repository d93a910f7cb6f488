/**
 * The cluster's own PKI for `k8sm up`, the way k3s keeps one: a CA, the apiserver's serving
 * certificate, the ServiceAccount signing key pair and client certificates, all under
 * `<dir>/tls/`. Everything is reused on restart; the serving certificate is renewed when it
 * nears expiry or no longer covers the requested names.
 */
import { createPublicKey, X509Certificate } from "node:crypto";
import { join } from "node:path";
import {
  type CertificateAndKey,
  createCaCertificate,
  createClientCertificate,
  createServingCertificate,
  generateEcKeyPair,
} from "./certificate.ts";
import { parseCertificate } from "./certificate_fields.ts";
import { pemDecodeOne } from "./pem.ts";
import { canonicalSan, isDnsName } from "./subject_alt_names.ts";
import { readPem, sameKeyPair, writeSecure } from "./pki_files.ts";

export { verifyClientCertificate } from "./verify_client_certificate.ts";

const DAY_MS = 24 * 3600 * 1000;
/** Certificates expiring within this are renewed. */
const RENEW_BEFORE_MS = 30 * DAY_MS;

/** Options of loadOrCreateClusterPki. */
export interface ClusterPkiOptions {
  /** Extra serving SANs (e.g. --address, --tls-san) beside localhost, 127.0.0.1, ::1, host name. */
  sans?: string[];
  /** The clock (tests). */
  now?: Date;
}

/** Files and PEM contents of an issued certificate. */
export interface IssuedFiles extends CertificateAndKey {
  certFile: string;
  keyFile: string;
}

/** A loaded cluster PKI. */
export interface ClusterPki {
  /** `<dir>/tls`. */
  tlsDir: string;
  ca: IssuedFiles;
  server: IssuedFiles;
  /** The SANs the serving certificate covers. */
  serverSans: string[];
  serviceAccount: { keyFile: string; publicKeyFile: string; keyPem: string; publicKeyPem: string };
  /**
   * Returns the client certificate `<name>.crt/.key` for user `opts.user ?? name` in `groups`,
   * reusing the files when they still match and are not near expiry.
   */
  issueClientCert(name: string, groups: string[], opts?: { user?: string }): Promise<IssuedFiles>;
}

/** Loads the PKI under `<dir>/tls/`, creating or renewing what is missing or stale. */
export async function loadOrCreateClusterPki(
  dir: string,
  opts: ClusterPkiOptions = {},
): Promise<ClusterPki> {
  const now = opts.now ?? new Date();
  const tlsDir = join(dir, "tls");
  await Deno.mkdir(tlsDir, { recursive: true, mode: 0o700 });
  await Deno.chmod(tlsDir, 0o700);
  const file = (n: string) => join(tlsDir, n);

  const ca = await loadOrCreateCa(file("ca.crt"), file("ca.key"), now);
  const wanted = [
    ...new Set(
      ["localhost", "127.0.0.1", "::1", hostName(), ...(opts.sans ?? [])]
        .map((s) => s.trim()).filter((s) => s !== ""),
    ),
  ];
  const server = await loadOrCreateServing(ca, file("server.crt"), file("server.key"), wanted, now);
  const serviceAccount = await loadOrCreateKeyPair(
    file("service-account.key"),
    file("service-account.pub"),
  );
  return {
    tlsDir,
    ca,
    server: server.files,
    serverSans: server.sans,
    serviceAccount,
    issueClientCert: (name, groups, o) =>
      loadOrCreateClient(ca, tlsDir, name, groups, o?.user, now),
  };
}

function hostName(): string {
  try {
    const name = Deno.hostname();
    return isDnsName(name) ? name : "";
  } catch {
    return "";
  }
}

async function loadOrCreateCa(certFile: string, keyFile: string, now: Date): Promise<IssuedFiles> {
  const certPem = await readPem(certFile);
  const keyPem = await readPem(keyFile);
  if (certPem !== undefined && keyPem !== undefined) {
    if (!sameKeyPair(certPem, keyPem)) {
      throw new Error(
        `the CA key ${keyFile} does not belong to the CA certificate ${certFile}; restore the ` +
          "matching pair or remove both to create a new CA (every issued credential then changes)",
      );
    }
    const f = parseCertificate(pemDecodeOne(certPem, "CERTIFICATE", certFile));
    if (f.notAfter <= now) {
      throw new Error(
        `the cluster CA ${certFile} expired at ${f.notAfter.toISOString()}; remove ${certFile} ` +
          `and ${keyFile} to create a new CA, then hand out the new kubeconfig`,
      );
    }
    return { certFile, keyFile, certPem, keyPem };
  }
  if (certPem !== undefined || keyPem !== undefined) {
    const missing = certPem === undefined ? certFile : keyFile;
    throw new Error(
      `the cluster CA is incomplete: ${missing} is missing; restore it or remove the other file`,
    );
  }
  const ca = createCaCertificate({ commonName: `k8sm-ca@${Math.floor(now.getTime() / 1000)}` }, {
    now,
    notAfter: new Date(now.getTime() + 3650 * DAY_MS),
  });
  await writeSecure(certFile, ca.certPem, 0o644);
  await writeSecure(keyFile, ca.keyPem, 0o600);
  return { certFile, keyFile, ...ca };
}

async function loadOrCreateServing(
  ca: IssuedFiles,
  certFile: string,
  keyFile: string,
  wanted: string[],
  now: Date,
): Promise<{ files: IssuedFiles; sans: string[] }> {
  const certPem = await readPem(certFile);
  const keyPem = await readPem(keyFile);
  let keep: string[] = [];
  if (certPem !== undefined && keyPem !== undefined && sameKeyPair(certPem, keyPem)) {
    const f = parseCertificate(pemDecodeOne(certPem, "CERTIFICATE", certFile));
    const has = [...f.dnsNames, ...f.ipAddresses];
    const covered = new Set(has.map(canonicalSan));
    if (issuedBy(certPem, ca.certPem)) {
      keep = has;
      const fresh = f.notAfter.getTime() - now.getTime() > RENEW_BEFORE_MS;
      if (fresh && wanted.every((s) => covered.has(canonicalSan(s)))) {
        return { files: { certFile, keyFile, certPem, keyPem }, sans: has };
      }
    }
  }
  const sans = [...new Map([...wanted, ...keep].map((s) => [canonicalSan(s), s])).values()];
  const issued = createServingCertificate(ca, { commonName: "k8sm-apiserver" }, sans, {
    now,
    notAfter: new Date(now.getTime() + 365 * DAY_MS),
  });
  await writeSecure(keyFile, issued.keyPem, 0o600);
  await writeSecure(certFile, issued.certPem, 0o644);
  return { files: { certFile, keyFile, ...issued }, sans };
}

async function loadOrCreateClient(
  ca: IssuedFiles,
  tlsDir: string,
  name: string,
  groups: string[],
  user: string | undefined,
  now: Date,
): Promise<IssuedFiles> {
  if (!/^[A-Za-z0-9][A-Za-z0-9._:-]*$/.test(name)) {
    throw new Error(
      `client certificate name "${name}" cannot be a file name; use letters, digits, ".", "_", ":" or "-"`,
    );
  }
  const certFile = join(tlsDir, `${name}.crt`);
  const keyFile = join(tlsDir, `${name}.key`);
  const cn = user ?? name;
  const certPem = await readPem(certFile);
  const keyPem = await readPem(keyFile);
  if (certPem !== undefined && keyPem !== undefined && sameKeyPair(certPem, keyPem)) {
    const f = parseCertificate(pemDecodeOne(certPem, "CERTIFICATE", certFile));
    const sameIdentity = f.commonName === cn &&
      f.organizations.join("\n") === groups.join("\n");
    const fresh = f.notAfter.getTime() - now.getTime() > RENEW_BEFORE_MS;
    if (sameIdentity && fresh && issuedBy(certPem, ca.certPem)) {
      return { certFile, keyFile, certPem, keyPem };
    }
  }
  const issued = createClientCertificate(ca, cn, groups, {
    now,
    notAfter: new Date(now.getTime() + 365 * DAY_MS),
  });
  await writeSecure(keyFile, issued.keyPem, 0o600);
  await writeSecure(certFile, issued.certPem, 0o644);
  return { certFile, keyFile, ...issued };
}

async function loadOrCreateKeyPair(keyFile: string, publicKeyFile: string) {
  let keyPem = await readPem(keyFile);
  if (keyPem === undefined) {
    keyPem = generateEcKeyPair().privateKeyPem;
    await writeSecure(keyFile, keyPem, 0o600);
  }
  const publicKeyPem = String(createPublicKey(keyPem).export({ format: "pem", type: "spki" }));
  if ((await readPem(publicKeyFile)) !== publicKeyPem) {
    await writeSecure(publicKeyFile, publicKeyPem, 0o644);
  }
  return { keyFile, publicKeyFile, keyPem, publicKeyPem };
}

function issuedBy(certPem: string, caPem: string): boolean {
  try {
    const cert = new X509Certificate(certPem);
    const ca = new X509Certificate(caPem);
    return cert.checkIssued(ca) && cert.verify(ca.publicKey);
  } catch {
    return false;
  }
}
