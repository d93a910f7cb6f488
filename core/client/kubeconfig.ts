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
  /** The context's name ("" when only --cluster/--user picked entries). */
  context: string;
  server?: string;
  /** PEM text of the cluster CA (from certificate-authority-data or the certificate-authority file). */
  caPem?: string;
  insecureSkipTlsVerify?: boolean;
  /** The cluster's tls-server-name, with the file that set it (for the error when unsupported). */
  tlsServerName?: { name: string; file: string };
  token?: string;
  /** The user's tokenFile, resolved against the kubeconfig's directory (re-read on change). */
  tokenFile?: string;
  /** PEM client certificate (client-certificate-data or the client-certificate file). */
  certPem?: string;
  /** PEM client key (client-key-data or the client-key file). */
  keyPem?: string;
  namespace?: string;
}

/** Cluster and user entries picked instead of the context's (`--cluster`, `--user`). */
export interface KubeconfigPick {
  cluster?: string;
  user?: string;
}

interface Named {
  name: string;
  body: Record<string, unknown>;
  /** Directory of the file that defined it (relative paths are resolved against it). */
  dir: string;
  /** The file that defined it (named in errors). */
  file: string;
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

function addNamed(into: Map<string, Named>, list: unknown, key: string, file: string): void {
  if (!Array.isArray(list)) return;
  for (const item of list) {
    const name = str(record(item).name);
    if (name === undefined || into.has(name)) continue;
    into.set(name, { name, body: record(record(item)[key]), dir: dirOf(file), file });
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
    merged.currentContext ??= str(d["current-context"]);
    addNamed(merged.clusters, d.clusters, "cluster", path);
    addNamed(merged.users, d.users, "user", path);
    addNamed(merged.contexts, d.contexts, "context", path);
  }
  return merged;
}

/** Where a field is, for errors: `user "u" field client-key in the kubeconfig /x/config`. */
function where(kind: string, entry: Named, field: string): string {
  return `${kind} "${entry.name}" field ${field} in the kubeconfig ${entry.file}`;
}

/** The text of the file a field names (relative to the kubeconfig's directory). */
function fieldFile(kind: string, entry: Named, field: string, p: string): string {
  const full = resolvePath(entry.dir, p);
  try {
    return Deno.readTextFileSync(full);
  } catch (e) {
    throw new Error(
      `cannot read ${full}, named by ${where(kind, entry, field)} (${
        e instanceof Error ? e.message : e
      }); fix the path or the file`,
    );
  }
}

/** The PEM text of a base64 `*-data` field. */
function fieldData(kind: string, entry: Named, field: string, data: string): string {
  let text: string;
  try {
    text = atob(data.replace(/\s+/g, ""));
  } catch {
    throw new Error(`${where(kind, entry, field)} is not valid base64; encode the PEM with base64`);
  }
  if (!text.includes("-----BEGIN")) {
    throw new Error(
      `${where(kind, entry, field)} does not decode to PEM text (no "-----BEGIN" line); ` +
        "it must be the base64 of a PEM file",
    );
  }
  return text;
}

/** PEM from `<field>-data` or the `<field>` file, whichever is set (data first, as kubectl). */
function pemField(kind: string, entry: Named, field: string): string | undefined {
  const data = str(entry.body[`${field}-data`]);
  if (data) return fieldData(kind, entry, `${field}-data`, data);
  const file = str(entry.body[field]);
  return file ? fieldFile(kind, entry, field, file) : undefined;
}

function readCluster(out: KubeconfigContext, cluster: Named): void {
  const c = cluster.body;
  out.server = str(c.server);
  out.insecureSkipTlsVerify = c["insecure-skip-tls-verify"] === true;
  out.caPem = pemField("cluster", cluster, "certificate-authority");
  const sni = str(c["tls-server-name"]);
  if (sni) out.tlsServerName = { name: sni, file: cluster.file };
}

function readUser(out: KubeconfigContext, user: Named): void {
  const u = user.body;
  out.token = str(u.token);
  const tokenFile = str(u.tokenFile);
  if (tokenFile) out.tokenFile = resolvePath(user.dir, tokenFile);
  out.certPem = pemField("user", user, "client-certificate");
  out.keyPem = pemField("user", user, "client-key");
  if ((out.certPem === undefined) !== (out.keyPem === undefined)) {
    const has = out.certPem === undefined ? "client-key" : "client-certificate";
    const lacks = out.certPem === undefined ? "client-certificate" : "client-key";
    throw new Error(
      `user "${user.name}" in the kubeconfig ${user.file} has a ${has} but no ${lacks} ` +
        `(or ${lacks}-data); a client certificate needs both`,
    );
  }
}

function pickEntry(
  map: Map<string, Named>,
  kind: "cluster" | "user",
  name: string,
  merged: Merged,
): Named {
  const entry = map.get(name);
  if (entry) return entry;
  const known = [...map.keys()];
  throw new Error(
    `${kind} "${name}" (--${kind}) is not in the kubeconfig (${
      merged.read.join(":") || "none"
    }); ` +
      (known.length > 0 ? `its ${kind}s are ${known.join(", ")}` : `it defines no ${kind}s`),
  );
}

/**
 * The resolved context of the merged `paths` (`contextName` overrides current-context, `pick`
 * the context's cluster and user); undefined when no file names a usable context.
 */
export function loadKubeconfigContext(
  paths: string[],
  contextName?: string,
  pick: KubeconfigPick = {},
): KubeconfigContext | undefined {
  const merged = mergeKubeconfigs(paths);
  const name = contextName ?? merged.currentContext;
  const ctx = name === undefined ? undefined : merged.contexts.get(name);
  if (name !== undefined && !ctx && contextName !== undefined) {
    if (merged.read.length === 0) {
      const looked = paths.length > 0
        ? `none of ${paths.join(", ")} exists`
        : "no file to read (HOME is unset)";
      throw new Error(
        `context "${contextName}" is not in any kubeconfig: ${looked}; set KUBECONFIG or --kubeconfig`,
      );
    }
    const known = [...merged.contexts.keys()];
    throw new Error(
      `context "${contextName}" is not in the kubeconfig (${merged.read.join(":")}); ` +
        (known.length > 0 ? `its contexts are ${known.join(", ")}` : "it defines no contexts"),
    );
  }
  if (!ctx && pick.cluster === undefined && pick.user === undefined) return undefined;
  const body = ctx?.body ?? {};
  const out: KubeconfigContext = { context: ctx ? ctx.name : "", namespace: str(body.namespace) };
  const clusterName = pick.cluster ?? str(body.cluster);
  const cluster = pick.cluster !== undefined
    ? pickEntry(merged.clusters, "cluster", pick.cluster, merged)
    : clusterName
    ? merged.clusters.get(clusterName)
    : undefined;
  if (cluster) readCluster(out, cluster);
  const userName = pick.user ?? str(body.user);
  const user = pick.user !== undefined
    ? pickEntry(merged.users, "user", pick.user, merged)
    : userName
    ? merged.users.get(userName)
    : undefined;
  if (user) readUser(out, user);
  return out;
}
