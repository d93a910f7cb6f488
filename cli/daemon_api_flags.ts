/**
 * The apiserver flags of the daemons (`k8sm scheduler`, `executor`, `controller-manager`,
 * `proxy`): `--kubeconfig`, `--token`, `--certificate-authority`, `--client-certificate` and
 * `--client-key`, next to each daemon's own server flag (`--api-servers`, `--master`). Resolution
 * is the client commands' (core/client/client_config.ts): an explicit flag wins over the
 * kubeconfig, and a daemon given `--kubeconfig` alone takes the server from it. Daemons read a
 * kubeconfig only when `--kubeconfig` names one (never KUBECONFIG or ~/.kube/config).
 */
import type { Command } from "commander";
import { resolveClientConfig } from "../core/client/client_config.ts";
import { RestClient, type RestConfig } from "../core/client/rest_client.ts";

/** The values of the daemon apiserver flags. */
export interface DaemonApiFlagValues {
  kubeconfig?: string;
  token?: string;
  certificateAuthority?: string;
  clientCertificate?: string;
  clientKey?: string;
}

/** How a daemon resolves its apiserver. */
export interface DaemonApiInputs {
  /** The daemon's server flag value (first of a comma list is used), if given. */
  server?: string;
  /** That flag's name for errors, e.g. "--api-servers". */
  serverFlag: string;
  /** Server when neither the flag nor the kubeconfig names one; undefined = none (no API). */
  defaultServer?: string;
  /** Honour KUBERNETES_MASTER (controller-manager and proxy did before kubeconfigs). */
  masterEnv?: boolean;
  /** Environment lookup for tests; defaults to Deno.env. */
  env?: (name: string) => string | undefined;
}

/** Adds `--kubeconfig`, `--token`, `--certificate-authority`, `--client-certificate`, `--client-key`. */
export function addDaemonApiFlags(cmd: Command): Command {
  return cmd
    .option("--kubeconfig <file>", "kubeconfig with the apiserver, its CA and our credentials")
    .option("--token <token>", "bearer token for the apiserver (over the kubeconfig's)")
    .option("--certificate-authority <file>", "PEM file of the CA that signed the apiserver")
    .option("--client-certificate <file>", "PEM client certificate to authenticate with")
    .option("--client-key <file>", "PEM key of --client-certificate");
}

/** The first URL of a comma-separated server list, or undefined when it names none. */
export function firstServer(list: string | undefined): string | undefined {
  return list?.split(",").map((s) => s.trim()).find((s) => s !== "");
}

/**
 * The daemon's RestConfig from its flags; undefined when nothing names a server and there is no
 * default (the executor then runs without an apiserver). Throws a sentence naming the flag or
 * kubeconfig field at fault.
 */
export function daemonApiConfig(
  flags: DaemonApiFlagValues,
  inputs: DaemonApiInputs,
): RestConfig | undefined {
  const env = inputs.env ?? ((n: string) => Deno.env.get(n));
  const c = resolveClientConfig({
    server: firstServer(inputs.server),
    serverFlag: inputs.serverFlag,
    kubeconfig: flags.kubeconfig,
    implicitKubeconfig: false,
    masterEnv: inputs.masterEnv ?? false,
    token: flags.token,
    certificateAuthority: flags.certificateAuthority,
    clientCertificate: flags.clientCertificate,
    clientKey: flags.clientKey,
    defaultServer: inputs.defaultServer ?? "http://127.0.0.1:8080",
    env,
  });
  if (c.serverSource === "default") {
    if (flags.kubeconfig) {
      throw new Error(
        `the kubeconfig ${flags.kubeconfig} names no server for its current context; ` +
          `add clusters[].cluster.server to it or pass ${inputs.serverFlag}`,
      );
    }
    if (inputs.defaultServer === undefined) return undefined;
  }
  const config: RestConfig = {
    server: c.server,
    token: c.token,
    tokenFile: c.tokenFile,
    caCerts: c.caCerts,
    certChain: c.certChain,
    privateKey: c.privateKey,
    insecureSkipTlsVerify: c.insecureSkipTlsVerify,
  };
  new RestClient(config).close(); // bad PEM or a lone certificate fails here, before startup
  return config;
}
