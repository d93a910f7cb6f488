/**
 * The `Next:` commands `k8sm up` prints, written so they run as printed: the CLI is named by
 * the `./k8sm` wrapper of the checkout this k8sm runs from (relative to the current directory
 * when inside it, else absolute), since a bare `k8sm` is on nobody's PATH after a clone.
 */

/** What the hints are made of. */
export interface HintInput {
  apiUrl: string;
  kubeconfig: string;
  runtime: "docker" | "process";
  /** The directory commands are typed in (default: the current one). */
  cwd?: string;
  /** The checkout holding `k8sm` and `examples/` (default: this module's); none when compiled. */
  checkout?: string;
}

/** The checkout this module belongs to, or undefined when it does not run from files. */
export function checkoutDir(): string | undefined {
  const url = new URL("../..", import.meta.url);
  if (url.protocol !== "file:") return undefined;
  const dir = decodeURIComponent(url.pathname).replace(/\/+$/, "");
  try {
    Deno.statSync(`${dir}/k8sm`);
    return dir;
  } catch {
    return undefined;
  }
}

function shortPath(path: string, cwd: string): string {
  if (path === cwd) return ".";
  return path.startsWith(`${cwd}/`) ? `./${path.slice(cwd.length + 1)}` : path;
}

/** The `Next:` lines (without indentation). */
export function nextHints(input: HintInput): string[] {
  const cwd = (input.cwd ?? Deno.cwd()).replace(/\/+$/, "");
  const checkout = "checkout" in input ? input.checkout : checkoutDir();
  const k8sm = checkout ? shortPath(`${checkout}/k8sm`, cwd) : "k8sm";
  const base = checkout ? shortPath(`${checkout}/examples`, cwd) : "examples";
  const examples = input.runtime === "docker" ? base : `${base}/process`;
  return [
    `export KUBECONFIG=${input.kubeconfig}`,
    `${k8sm} create -f ${examples}/nginx-controller.yaml`,
    `${k8sm} create -f ${examples}/nginx-service.yaml`,
    `${k8sm} get pods,rc,services,endpoints`,
    "kubectl get pods -o wide",
  ];
}
