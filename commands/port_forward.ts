/**
 * `k8sm port-forward POD [LOCAL:]REMOTE…`: forward local ports to a pod's ports through the
 * apiserver, like kubectl, until Ctrl-C.
 */
import { Command } from "commander";
import { addClientFlags, clientAction, clientConfigFrom } from "../cli/client_flags.ts";
import { parsePortPair, startPortForward } from "../core/client/port_forward_client.ts";
import { shutdownSignal } from "../core/up/shutdown_signal.ts";

interface PortForwardFlags {
  address: string;
}

/** `k8sm port-forward`: Forward local ports to a pod. */
export function portForwardCommand(): Command {
  const cmd = new Command("port-forward")
    .description("Forward one or more local ports to a pod (k8sm port-forward POD 8080:80)")
    .argument("<pod>", "pod name (or pod/NAME)")
    .argument("<ports...>", "LOCAL:REMOTE, :REMOTE (a free local port) or PORT")
    .option("--address <ip>", "the local address to listen on", "127.0.0.1");
  addClientFlags(cmd);
  return cmd.action(clientAction(
    async (pod: string, specs: string[], flags: PortForwardFlags, self: Command) => {
      const ports = specs.map(parsePortPair);
      const config = clientConfigFrom(self);
      const name = pod.startsWith("pod/") || pod.startsWith("pods/")
        ? pod.slice(pod.indexOf("/") + 1)
        : pod;
      const pf = await startPortForward(config, {
        namespace: config.namespace,
        pod: name,
        ports,
        address: flags.address,
        onError: (m) => console.error(`error: ${m}`),
      });
      for (const p of pf.ports) {
        console.log(`Forwarding from ${flags.address}:${p.local} -> ${p.remote}`);
      }
      await shutdownSignal();
      await pf.close();
    },
  ));
}
