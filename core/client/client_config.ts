/**
 * Where a client command or daemon connects and as whom: `--server`/`-s` (a daemon's
 * `--api-servers`/`--master`), then `KUBERNETES_MASTER` (the seed's variable), then the
 * kubeconfig's current context (`--kubeconfig`, and for client commands `KUBECONFIG` and
 * `~/.kube/config`), else the default server. Credentials and TLS follow kubectl: an explicit
 * flag (`--token`, `--certificate-authority`, `--client-certificate`/`--client-key`,
 * `--insecure-skip-tls-verify`) wins over the kubeconfig's field.
 */
import { type KubeconfigContext, loadKubeconfigContext } from "./kubeconfig.ts";
import type { RestConfig } from "./rest_client.ts";

/** The server used when nothing else names one. */
export const DEFAULT_SERVER = "http://localhost:8080";

/** A resolved client configuration. */
export interface ClientConfig extends RestConfig {
  /** The namespace of namespaced requests (`-n`, the context's namespace, else "default"). */
  namespace: string;
  /** True when the namespace came from `-n` (manifests in another namespace are then refused). */
  namespaceFromFlag: boolean;
  /** Where the server came from: "--server", "KUBERNETES_MASTER", "kubeconfig" or "default". */
  serverSource: "--server" | "KUBERNETES_MASTER" | "kubeconfig" | "default";
}

/** The inputs of resolution: flags, plus the environment and home directory (for tests). */
export interface ClientConfigInputs {
  server?: string;
  kubeconfig?: string;
  context?: string;
  namespace?: string;
  token?: string;
  insecureSkipTlsVerify?: boolean;
  /** `--certificate-authority`: a PEM file of CAs to trust. */
  certificateAuthority?: string;
  /** `--client-certificate`: a PEM client certificate file (needs clientKey). */
  clientCertificate?: string;
  /** `--client-key`: the PEM key file of clientCertificate. */
  clientKey?: string;
  /** `--user`: the kubeconfig user to use instead of the context's. */
  user?: string;
  /** `--cluster`: the kubeconfig cluster to use instead of the context's. */
  cluster?: string;
  /** `--tls-server-name`: refused with an explanation (Deno's fetch cannot set it). */
  tlsServerName?: string;
  /** The flag that set `server`, named in errors (default "--server"). */
  serverFlag?: string;
  /** The server when nothing names one (default DEFAULT_SERVER). */
  defaultServer?: string;
  /** Read KUBECONFIG and ~/.kube/config without --kubeconfig (default true; daemons: false). */
  implicitKubeconfig?: boolean;
  /** Honour KUBERNETES_MASTER (default true). */
  masterEnv?: boolean;
  /** Environment lookup; defaults to Deno.env. */
  env?: (name: string) => string | undefined;
  /** Home directory; defaults to $HOME. */
  home?: string;
}

/** Adds "http://" to a bare "host:port" (the seed's `-master=host:8888` style). */
export function normalizeServer(server: string): string {
  const s = server.trim();
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(s)) return s.replace(/\/+$/, "");
  return `http://${s}`.replace(/\/+$/, "");
}

const SOURCE_TEXT: Record<ClientConfig["serverSource"], string> = {
  "--server": "--server",
  KUBERNETES_MASTER: "KUBERNETES_MASTER",
  kubeconfig: "the kubeconfig",
  default: "the default",
};

/** The normalized server URL; throws naming the text and its source when it is no http(s) URL. */
function checkedServer(
  server: string,
  source: ClientConfig["serverSource"],
  serverFlag = "--server",
): string {
  const url = normalizeServer(server);
  let ok = false;
  try {
    const parsed = new URL(url);
    ok = (parsed.protocol === "http:" || parsed.protocol === "https:") && parsed.hostname !== "";
  } catch {
    ok = false;
  }
  if (!ok) {
    throw new Error(
      `the API server address ${JSON.stringify(server)} (from ${
        source === "--server" ? serverFlag : SOURCE_TEXT[source]
      }) is not a ` +
        "valid URL; write it like http://host:8080 or https://host:6443",
    );
  }
  return url;
}

/** The kubeconfig files to read, in precedence order. */
export function kubeconfigPaths(
  flag: string | undefined,
  env: (name: string) => string | undefined,
  home: string | undefined,
): string[] {
  if (flag) return [flag];
  const list = env("KUBECONFIG");
  if (list) return list.split(":").filter((p) => p !== "");
  return home ? [`${home}/.kube/config`] : [];
}

/** The text of a PEM file named by `flag`; throws naming the flag and file. */
function flagFile(flag: string, path: string): string {
  try {
    return Deno.readTextFileSync(path);
  } catch (e) {
    throw new Error(
      `cannot read ${flag} ${path} (${
        e instanceof Error ? e.message : e
      }); pass a readable PEM file`,
    );
  }
}

/** Refuses a TLS server name: Deno's fetch has no option to set it. */
function refuseTlsServerName(inputs: ClientConfigInputs, kc: KubeconfigContext | undefined): void {
  const from = inputs.tlsServerName
    ? { name: inputs.tlsServerName, where: "--tls-server-name" }
    : kc?.tlsServerName
    ? {
      name: kc.tlsServerName.name,
      where: `tls-server-name in the kubeconfig ${kc.tlsServerName.file}`,
    }
    : undefined;
  if (!from) return;
  throw new Error(
    `${from.where} "${from.name}" is not supported: Deno's fetch cannot choose the TLS server ` +
      "name; remove it and use a server URL whose host name the certificate names",
  );
}

/** The TLS and credential part of the configuration: flags over the kubeconfig. */
function credentials(
  inputs: ClientConfigInputs,
  kc: KubeconfigContext | undefined,
): Omit<RestConfig, "server"> {
  refuseTlsServerName(inputs, kc);
  const flagCa = inputs.certificateAuthority
    ? flagFile("--certificate-authority", inputs.certificateAuthority)
    : undefined;
  const insecure = inputs.insecureSkipTlsVerify ??
    (flagCa ? false : kc?.insecureSkipTlsVerify ?? false);
  if (flagCa && inputs.insecureSkipTlsVerify) {
    throw new Error(
      "--certificate-authority and --insecure-skip-tls-verify contradict each other; pass one",
    );
  }
  const ca = inputs.insecureSkipTlsVerify ? undefined : flagCa ?? kc?.caPem;
  const certChain = inputs.clientCertificate
    ? flagFile("--client-certificate", inputs.clientCertificate)
    : kc?.certPem;
  const privateKey = inputs.clientKey ? flagFile("--client-key", inputs.clientKey) : kc?.keyPem;
  if ((certChain === undefined) !== (privateKey === undefined)) {
    throw new Error(
      certChain === undefined
        ? "--client-key needs --client-certificate (or a kubeconfig user with client-certificate)"
        : "--client-certificate needs --client-key (or a kubeconfig user with client-key)",
    );
  }
  const fromFlag = inputs.token !== undefined && inputs.token !== "";
  return {
    token: fromFlag ? inputs.token : kc?.token ?? tokenFileText(kc),
    tokenFile: fromFlag ? undefined : kc?.tokenFile,
    caCerts: ca ? [ca] : undefined,
    certChain,
    privateKey,
    insecureSkipTlsVerify: insecure,
  };
}

/** The first read of a kubeconfig tokenFile (re-read later by the RestClient on change). */
function tokenFileText(kc: KubeconfigContext | undefined): string | undefined {
  if (!kc?.tokenFile) return undefined;
  try {
    return Deno.readTextFileSync(kc.tokenFile).trim();
  } catch (e) {
    throw new Error(
      `cannot read the tokenFile ${kc.tokenFile} of the kubeconfig user (${
        e instanceof Error ? e.message : e
      }); create the file or fix the path`,
    );
  }
}

function exists(path: string): boolean {
  try {
    Deno.statSync(path);
    return true;
  } catch {
    return false;
  }
}

/** Resolves the client configuration from flags, environment and kubeconfig. */
export function resolveClientConfig(inputs: ClientConfigInputs = {}): ClientConfig {
  const env = inputs.env ?? ((n: string) => Deno.env.get(n));
  const home = inputs.home ?? env("HOME");
  const paths = inputs.implicitKubeconfig === false
    ? (inputs.kubeconfig ? [inputs.kubeconfig] : [])
    : kubeconfigPaths(inputs.kubeconfig, env, home);
  if (inputs.kubeconfig) {
    try {
      Deno.statSync(inputs.kubeconfig);
    } catch {
      throw new Error(`the kubeconfig "${inputs.kubeconfig}" does not exist; check --kubeconfig`);
    }
  }
  const kc = loadKubeconfigContext(paths, inputs.context, {
    cluster: inputs.cluster,
    user: inputs.user,
  });
  let server: string;
  let serverSource: ClientConfig["serverSource"];
  const master = inputs.masterEnv === false ? undefined : env("KUBERNETES_MASTER");
  if (inputs.server) {
    server = inputs.server;
    serverSource = "--server";
  } else if (master) {
    server = master;
    serverSource = "KUBERNETES_MASTER";
  } else if (kc?.server) {
    server = kc.server;
    serverSource = "kubeconfig";
  } else {
    const named = !inputs.kubeconfig && inputs.implicitKubeconfig !== false
      ? env("KUBECONFIG")
      : undefined;
    if (named && !paths.some(exists)) {
      // kubectl would quietly fall back to localhost:8080; that hides a typo'd path (and
      // could talk to whatever else listens there).
      throw new Error(
        `KUBECONFIG names ${named}, which does not exist; check the path (k8sm up writes ` +
          "<data-dir>/kubeconfig, ~/.k8sm/kubeconfig by default) or pass --server",
      );
    }
    server = inputs.defaultServer ?? DEFAULT_SERVER;
    serverSource = "default";
  }
  return {
    server: checkedServer(server, serverSource, inputs.serverFlag),
    serverSource,
    ...credentials(inputs, kc),
    namespace: inputs.namespace || kc?.namespace || "default",
    namespaceFromFlag: Boolean(inputs.namespace),
  };
}
