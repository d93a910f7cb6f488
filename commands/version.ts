/**
 * `k8sm version`: prints the client version and, like `kubectl version`, the API server's
 * when one answers. `-o json|yaml` prints `{clientVersion, serverVersion}` documents.
 * An explicitly configured server (-s, KUBERNETES_MASTER, kubeconfig) that does not answer is
 * an error (exit 1, after the client version); the default localhost:8080 not answering is not.
 */
import { Command } from "commander";
import { stringify } from "yaml";
import { addClientFlags, clientAction, clientFrom } from "../cli/client_flags.ts";
import { describeError } from "../core/client/client_errors.ts";
import { type VersionInfo, versionInfo } from "../core/apiserver/version_info.ts";

import { K8SM_VERSION } from "../cli/k8sm_version.ts";

/** The k8sm version (also `k8sm --version`). */
export { K8SM_VERSION };

const FORMATS = ["json", "yaml"] as const;

/** The client's version document: k8sm's version in Kubernetes' version.Info shape. */
export function clientVersionInfo(): VersionInfo {
  const [major, minor] = K8SM_VERSION.split(".");
  return { ...versionInfo(), major, minor, gitVersion: `v${K8SM_VERSION}` };
}

interface VersionFlags {
  output?: string;
  client?: boolean;
}

/** `k8sm version`: Print the client and server version information. */
export function versionCommand(): Command {
  const cmd = new Command("version")
    .description("Print the client version and the API server's version when it answers")
    .option("-o, --output <format>", "json or yaml (default: text)")
    .option("--client", "print the client version only (do not contact a server)");
  addClientFlags(cmd, { namespace: false });
  return cmd.action(clientAction(async (flags: VersionFlags, self: Command) => {
    const format = flags.output;
    if (format !== undefined && !(FORMATS as readonly string[]).includes(format)) {
      throw new Error(`--output "${format}" is not one of ${FORMATS.join(", ")}; omit it for text`);
    }
    const clientVersion = clientVersionInfo();
    let serverVersion: VersionInfo | undefined;
    let failure: string | undefined;
    if (!flags.client) {
      const { client, config } = clientFrom(self);
      try {
        serverVersion = await client.requestJson<VersionInfo>("GET", "/version", {
          signal: AbortSignal.timeout(10_000),
        });
      } catch (e) {
        if (config.serverSource !== "default") {
          failure = describeError(e);
        }
      } finally {
        client.close();
      }
    }
    const doc = serverVersion ? { clientVersion, serverVersion } : { clientVersion };
    if (format === "json") console.log(JSON.stringify(doc, null, 2));
    else if (format === "yaml") console.log(stringify(doc).trimEnd());
    else {
      console.log(`Client Version: ${clientVersion.gitVersion}`);
      if (serverVersion) console.log(`Server Version: ${serverVersion.gitVersion}`);
    }
    if (failure !== undefined) throw new Error(failure);
  }));
}
