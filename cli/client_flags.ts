/**
 * The flags every client subcommand shares (kubectl's `-s/--server`, `--kubeconfig`,
 * `--context`, `--cluster`, `--user`, `--token`, `--certificate-authority`,
 * `--client-certificate`, `--client-key`, `--insecure-skip-tls-verify`, `--tls-server-name`,
 * `-n/--namespace`) and the client they configure.
 */
import { type Command, Option } from "commander";
import { type ClientConfig, resolveClientConfig } from "../core/client/client_config.ts";
import { RestClient } from "../core/client/rest_client.ts";
import { describeError } from "../core/client/client_errors.ts";

/** Options of a client subcommand merged with the program's global ones. */
export interface ClientFlagValues {
  server?: string;
  kubeconfig?: string;
  context?: string;
  token?: string;
  insecureSkipTlsVerify?: boolean;
  certificateAuthority?: string;
  clientCertificate?: string;
  clientKey?: string;
  cluster?: string;
  user?: string;
  tlsServerName?: string;
  namespace?: string;
  /** The program's global `-c FILE` (the seed's `k8sm -c FILE create pods`). */
  config?: string;
}

const CONNECTION_GROUP = "Connection options:";

/** Adds the shared client flags to `cmd` (the namespace flag unless `namespace` is false). */
export function addClientFlags(cmd: Command, opts: { namespace?: boolean } = {}): Command {
  const flags = [
    new Option(
      "-s, --server <url>",
      "the API server (default: KUBERNETES_MASTER, the kubeconfig, http://localhost:8080)",
    ),
    new Option("--kubeconfig <file>", "kubeconfig file (default: KUBECONFIG, ~/.kube/config)"),
    new Option("--context <name>", "kubeconfig context to use"),
    new Option("--cluster <name>", "kubeconfig cluster to use (instead of the context's)"),
    new Option("--user <name>", "kubeconfig user to use (instead of the context's)"),
    new Option("--token <token>", "bearer token for the API server"),
    new Option("--certificate-authority <file>", "PEM file of the CA that signed the server"),
    new Option("--client-certificate <file>", "PEM client certificate for TLS authentication"),
    new Option("--client-key <file>", "PEM key of --client-certificate"),
    new Option("--insecure-skip-tls-verify", "do not verify the server's certificate"),
    new Option("--tls-server-name <name>", "server name for certificate checks (unsupported)"),
  ];
  if (opts.namespace !== false) {
    flags.push(
      new Option("-n, --namespace <ns>", "namespace (default: the context's, else default)"),
    );
  }
  for (const f of flags) cmd.addOption(f.helpGroup(CONNECTION_GROUP));
  return cmd;
}

/** The merged flag values of `cmd` (its own over the program's). */
export function clientFlagValues(cmd: Command): ClientFlagValues {
  return cmd.optsWithGlobals() as ClientFlagValues;
}

/** Resolves the client configuration from `cmd`'s flags, the environment and the kubeconfig. */
export function clientConfigFrom(cmd: Command): ClientConfig {
  const v = clientFlagValues(cmd);
  return resolveClientConfig({
    server: v.server,
    kubeconfig: v.kubeconfig,
    context: v.context,
    token: v.token,
    insecureSkipTlsVerify: v.insecureSkipTlsVerify,
    certificateAuthority: v.certificateAuthority,
    clientCertificate: v.clientCertificate,
    clientKey: v.clientKey,
    cluster: v.cluster,
    user: v.user,
    tlsServerName: v.tlsServerName,
    namespace: v.namespace?.replace(/^=/, ""), // kubectl's `-n=team`
  });
}

/** A REST client and its configuration for `cmd`. */
export function clientFrom(cmd: Command): { client: RestClient; config: ClientConfig } {
  const config = clientConfigFrom(cmd);
  return { client: new RestClient(config), config };
}

/**
 * Wraps a client command's action: every error becomes one line `error: <message>` on stderr
 * (kubectl's wording for server Status errors) and exit code 1.
 */
export function clientAction<A extends unknown[]>(
  fn: (...args: A) => Promise<void>,
): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      await fn(...args);
    } catch (e) {
      console.error(`error: ${describeError(e)}`);
      Deno.exitCode = 1;
    }
  };
}
