/**
 * Reads the apiserver's security flags (the kube-apiserver names) into an ApiSecurity:
 * `--token-auth-file`, `--client-ca-file`, `--service-account-key-file` (repeatable),
 * `--service-account-signing-key-file`, `--service-account-issuer`, `--authorization-mode`,
 * `--kubelet-client-certificate` / `--kubelet-client-key`. Every error names the flag and file.
 */
import { loadTokenFile } from "../../auth/token_file.ts";
import { signingKeyFromPem, verifyKeysFromPem } from "../../auth/jwt.ts";
import type { ApiSecurity } from "./api_security.ts";

/** The flag values (file paths and modes) that make an ApiSecurity. */
export interface SecurityFlags {
  tokenAuthFile?: string;
  clientCaFile?: string;
  serviceAccountKeyFiles?: string[];
  serviceAccountSigningKeyFile?: string;
  serviceAccountIssuer?: string;
  authorizationMode?: string;
  kubeletClientCertificate?: string;
  kubeletClientKey?: string;
}

async function read(flag: string, path: string): Promise<string> {
  try {
    return await Deno.readTextFile(path);
  } catch (e) {
    throw new Error(
      `cannot read ${flag} ${path}: ${e instanceof Error ? e.message : e}; check the path and ` +
        "permissions",
    );
  }
}

/** True when any flag asks for authentication or authorization. */
export function wantsSecurity(f: SecurityFlags): boolean {
  return Boolean(
    f.tokenAuthFile || f.clientCaFile || f.serviceAccountKeyFiles?.length ||
      f.serviceAccountSigningKeyFile || f.authorizationMode,
  );
}

/** Loads the files the flags name. */
export async function loadApiSecurity(f: SecurityFlags): Promise<ApiSecurity> {
  const mode = f.authorizationMode ?? "AlwaysAllow";
  if (mode !== "RBAC" && mode !== "AlwaysAllow") {
    throw new Error(
      `--authorization-mode "${mode}" is not supported; use RBAC or AlwaysAllow`,
    );
  }
  const security: ApiSecurity = { authorizationMode: mode };
  if (f.tokenAuthFile) security.tokens = await loadTokenFile(f.tokenAuthFile);
  if (f.clientCaFile) {
    const pem = await read("--client-ca-file", f.clientCaFile);
    if (!pem.includes("-----BEGIN CERTIFICATE-----")) {
      throw new Error(`--client-ca-file ${f.clientCaFile} holds no PEM certificate`);
    }
    security.clientCaPems = [pem];
  }
  let signingPem: string | undefined;
  if (f.serviceAccountSigningKeyFile) {
    const flag = "--service-account-signing-key-file";
    signingPem = await read(flag, f.serviceAccountSigningKeyFile);
    security.serviceAccountSigningKey = signingKeyFromPem(
      signingPem,
      `${flag} ${f.serviceAccountSigningKeyFile}`,
    );
  }
  const keyPems: string[] = [];
  for (const file of f.serviceAccountKeyFiles ?? []) {
    keyPems.push(await read("--service-account-key-file", file));
  }
  // kube-apiserver verifies with the signing key when no key file is given.
  if (keyPems.length === 0 && signingPem) keyPems.push(signingPem);
  if (keyPems.length > 0) {
    security.serviceAccountKeys = verifyKeysFromPem(
      keyPems,
      `--service-account-key-file ${(f.serviceAccountKeyFiles ?? []).join(",")}`,
    );
  }
  if (f.serviceAccountIssuer) security.serviceAccountIssuer = f.serviceAccountIssuer;
  if (Boolean(f.kubeletClientCertificate) !== Boolean(f.kubeletClientKey)) {
    throw new Error(
      "--kubelet-client-certificate and --kubelet-client-key go together; only one was given",
    );
  }
  if (f.kubeletClientCertificate && f.kubeletClientKey) {
    security.kubeletClient = {
      certChain: await read("--kubelet-client-certificate", f.kubeletClientCertificate),
      privateKey: await read("--kubelet-client-key", f.kubeletClientKey),
    };
  }
  return security;
}
