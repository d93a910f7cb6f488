/** core/v1 Secret: sensitive key/value data, base64-encoded, of one of the built-in types. */
import type { KubeList, KubeObject } from "../object.ts";

/** core/v1 Secret. */
export interface Secret extends KubeObject {
  /** Values by key, base64-encoded. */
  data?: Record<string, string>;
  /** Write-only plain-text values: merged into `data` on write, never stored or returned. */
  stringData?: Record<string, string>;
  /** The secret's type (default Opaque); fixed once created. */
  type?: string;
  /** When true, `data` can no longer change. */
  immutable?: boolean;
}

/** core/v1 SecretList. */
export type SecretList = KubeList<Secret>;

/** The built-in Secret types and the keys they use, as core/v1 names them. */
export const SECRET_TYPES = {
  opaque: "Opaque",
  serviceAccountToken: "kubernetes.io/service-account-token",
  dockercfg: "kubernetes.io/dockercfg",
  dockerConfigJson: "kubernetes.io/dockerconfigjson",
  basicAuth: "kubernetes.io/basic-auth",
  sshAuth: "kubernetes.io/ssh-auth",
  tls: "kubernetes.io/tls",
  bootstrapToken: "bootstrap.kubernetes.io/token",
} as const;

/** Well-known Secret data keys and annotations of the built-in types. */
export const SECRET_KEYS = {
  serviceAccountName: "kubernetes.io/service-account.name",
  serviceAccountUid: "kubernetes.io/service-account.uid",
  token: "token",
  caCrt: "ca.crt",
  namespace: "namespace",
  dockercfg: ".dockercfg",
  dockerConfigJson: ".dockerconfigjson",
  username: "username",
  password: "password",
  sshPrivateKey: "ssh-privatekey",
  tlsCert: "tls.crt",
  tlsKey: "tls.key",
} as const;
