/**
 * Reading kubeconfig files (`--kubeconfig`, `KUBECONFIG` colon lists, `~/.kube/config`) and
 * picking the current context's cluster, user and namespace. Merging follows kubectl: the
 * first file that sets a key (current-context, or a named cluster/user/context) wins.
 */
import { parse, YAMLError } from "yaml";
import { asRecord as record } from "../api/json_value.ts";
import { yamlErrorText } from "./manifest_loader.ts";

/** What k8sm uses of a kubeconfig: the current context, resolved. */
export interface KubeconfigContext {
  /** The context's name. */
  context: string;
  server?: string;
  /** PEM text of the cluster CA (from certificate-authority-data or the certificate-authority file). */
  caPem?: string;
  insecureSkipTlsVerify?: boolean;
  token?: string;
  namespace?: string;
}

interface Named {
  name: string;
  body: Record<string, unknown>;
  /** Directory of the file that defined it (relative paths are resolved against it). */
  dir: string;
}

/** Merged content of several kubeconfig files. */
interface Merged {
  /** The files that existed and were read. */
  read: string[];
  currentContext?: string;
  clusters: Map<string, Named>;
  users: Map<string, Named>;
  contexts: Map<string, Named>;
}

function str(v: unknown): string | undefined {
  return typeof v === "string" && v !== "" ? v : undefined;
}

function dirOf(path: string): string {
  const i = path.lastIndexOf("/");
  return i <= 0 ? (i === 0 ? "/" : ".") : path.slice(0, i);
}

function resolvePath(dir: string, p: string): string {
  return p.startsWith("/") ? p : `${dir}/${p}`;
}

function addNamed(into: Map<string, Named>, list: unknown, key: string, dir: string): void {
  if (!Array.isArray(list)) return;
  for (const item of list) {
    const name = str(record(item).name);
    if (name === undefined || into.has(name)) continue;
    into.set(name, { name, body: record(record(item)[key]), dir });
  }
}

/** Reads and merges the given files; missing files are skipped, unreadable YAML is an error. */
export function mergeKubeconfigs(paths: string[]): Merged {
  const merged: Merged = {
    read: [],
    clusters: new Map(),
    users: new Map(),
    contexts: new Map(),
  };
  for (const path of paths) {
    let text: string;
    try {
      text = Deno.readTextFileSync(path);
    } catch (e) {
      if (e instanceof Deno.errors.NotFound) continue;
      throw new Error(`cannot read kubeconfig ${path}: ${e instanceof Error ? e.message : e}`);
    }
    let doc: unknown;
    try {
      doc = parse(text);
    } catch (e) {
      const msg = e instanceof YAMLError ? yamlErrorText(e) : String(e);
      throw new Error(`the kubeconfig ${path} is not valid YAML (${msg}); fix or replace the file`);
    }
    merged.read.push(path);
    const d = record(doc);
    const dir = dirOf(path);
    merged.currentContext ??= str(d["current-context"]);
    addNamed(merged.clusters, d.clusters, "cluster", dir);
    addNamed(merged.users, d.users, "user", dir);
    addNamed(merged.contexts, d.contexts, "context", dir);
  }
  return merged;
}

function readFileText(dir: string, p: string, what: string): string {
  const full = resolvePath(dir, p);
  try {
    return Deno.readTextFileSync(full);
  } catch (e) {
    throw new Error(
      `cannot read the ${what} ${full} named in the kubeconfig: ${
        e instanceof Error ? e.message : e
      }`,
    );
  }
}

/**
 * The resolved context of the merged `paths` (`contextName` overrides current-context);
 * undefined when no file names a usable context.
 */
export function loadKubeconfigContext(
  paths: string[],
  contextName?: string,
): KubeconfigContext | undefined {
  const merged = mergeKubeconfigs(paths);
  const name = contextName ?? merged.currentContext;
  if (name === undefined) return undefined;
  const ctx = merged.contexts.get(name);
  if (!ctx) {
    if (contextName !== undefined && merged.read.length === 0) {
      const looked = paths.length > 0
        ? `none of ${paths.join(", ")} exists`
        : "no file to read (HOME is unset)";
      throw new Error(
        `context "${contextName}" is not in any kubeconfig: ${looked}; set KUBECONFIG or --kubeconfig`,
      );
    }
    if (contextName !== undefined) {
      const known = [...merged.contexts.keys()];
      throw new Error(
        `context "${contextName}" is not in the kubeconfig (${merged.read.join(":")}); ` +
          (known.length > 0 ? `its contexts are ${known.join(", ")}` : "it defines no contexts"),
      );
    }
    return undefined;
  }
  const out: KubeconfigContext = { context: name, namespace: str(ctx.body.namespace) };
  const clusterName = str(ctx.body.cluster);
  const cluster = clusterName ? merged.clusters.get(clusterName) : undefined;
  if (cluster) {
    const c = cluster.body;
    out.server = str(c.server);
    out.insecureSkipTlsVerify = c["insecure-skip-tls-verify"] === true;
    const caData = str(c["certificate-authority-data"]);
    const caFile = str(c["certificate-authority"]);
    if (caData) out.caPem = atob(caData);
    else if (caFile) out.caPem = readFileText(cluster.dir, caFile, "certificate authority");
  }
  const userName = str(ctx.body.user);
  const user = userName ? merged.users.get(userName) : undefined;
  if (user) {
    const token = str(user.body.token);
    const tokenFile = str(user.body.tokenFile);
    if (token) out.token = token;
    else if (tokenFile) out.token = readFileText(user.dir, tokenFile, "token file").trim();
  }
  return out;
}
