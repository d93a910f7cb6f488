/**
 * `k8sm up --port 0` picks a free port; a restart on the same data dir takes the same port
 * again while it is free, so the kubeconfig it wrote stays valid and executors that outlived a
 * crash keep their apiserver address (and their identity: the executor id hashes its command).
 */

/** The file under the data dir holding the port `--port 0` last got. */
const PORT_FILE = "api-port";

/** The port to listen on: `requested`, or for 0 the remembered one when it is free, else 0. */
export async function apiPortFor(
  dataDir: string,
  address: string,
  requested: number,
): Promise<number> {
  if (requested !== 0) return requested;
  const text = await Deno.readTextFile(`${dataDir}/${PORT_FILE}`).catch(() => "");
  const port = Number(text.trim());
  if (!Number.isInteger(port) || port <= 0 || port > 65535) return 0;
  try {
    Deno.listen({ hostname: address, port }).close();
    return port;
  } catch {
    return 0;
  }
}

/** Remembers the port `--port 0` got (ignored for an explicit port). */
export async function rememberApiPort(dataDir: string, requested: number, port: number) {
  if (requested !== 0) return;
  await Deno.writeTextFile(`${dataDir}/${PORT_FILE}`, `${port}\n`).catch(() => {});
}
