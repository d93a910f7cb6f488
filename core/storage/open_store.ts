/**
 * Picks and opens the Store a daemon asked for with its flags: etcd when servers are given,
 * memory on request, otherwise the embedded sqlite file under the data directory.
 */
import type { Store } from "./store.ts";
import { MemoryStore } from "./memory_store.ts";
import { SqliteStore } from "./sqlite_store.ts";
import { EtcdStore } from "./etcd_store.ts";
import { ValueTransformer } from "./encryption/value_transformer.ts";
import type { EncryptionConfig } from "./encryption/encryption_config.ts";

/** What `openStore` should open (flags `--storage`, `--etcd-servers`, `--data-dir`). */
export interface OpenStoreOptions {
  /** Backend; defaults to etcd when `etcdServers` is given, else sqlite. */
  storage?: "memory" | "sqlite" | "etcd";
  /** etcd client URLs; `http://host:4001`, `host:2379` and comma lists are accepted. */
  etcdServers?: string[];
  /** Directory of the sqlite file `k8sm.sqlite` (default `~/.k8sm`, created if missing). */
  dataDir?: string;
  /** Newest revisions kept for watch replay (memory and sqlite; default 10,000). */
  historyLimit?: number;
  /** Encryption at rest of sqlite and etcd values (--encryption-provider-config). */
  encryption?: EncryptionConfig;
}

/** The file name of the sqlite store inside the data directory. */
export const SQLITE_FILE = "k8sm.sqlite";

/** The data directory with `~` expanded; `~/.k8sm` when none is given. */
export function resolveDataDir(dataDir?: string): string {
  const home = Deno.env.get("HOME") ?? Deno.env.get("USERPROFILE") ?? ".";
  const dir = dataDir === undefined || dataDir === "" ? "~/.k8sm" : dataDir;
  if (dir === "~") return home;
  return dir.startsWith("~/") ? `${home}/${dir.slice(2)}` : dir;
}

/**
 * Opens the chosen store. For etcd it checks the connection first, so a wrong
 * `--etcd-servers` fails at start-up with a StoreError "Unavailable" naming the endpoint.
 */
export async function openStore(opts: OpenStoreOptions = {}): Promise<Store> {
  const servers = (opts.etcdServers ?? []).filter((s) => s.trim() !== "");
  const storage = opts.storage ?? (servers.length > 0 ? "etcd" : "sqlite");
  const transformer = opts.encryption ? new ValueTransformer(opts.encryption) : undefined;
  switch (storage) {
    case "etcd": {
      const store = new EtcdStore({ endpoints: parseEtcdEndpoints(servers), transformer });
      try {
        await store.currentRevision();
      } catch (e) {
        await store.close();
        throw e;
      }
      return store;
    }
    case "memory":
      return new MemoryStore({ historyLimit: opts.historyLimit });
    case "sqlite": {
      const dir = resolveDataDir(opts.dataDir);
      try {
        await Deno.mkdir(dir, { recursive: true });
      } catch (e) {
        const msg = e instanceof Error ? e.message : String(e);
        throw new Error(
          `cannot create the data directory ${dir}: ${msg}; pass a writable --data-dir`,
        );
      }
      return new SqliteStore({
        path: `${dir}/${SQLITE_FILE}`,
        historyLimit: opts.historyLimit,
        transformer,
      });
    }
    default:
      throw new Error(
        `unknown storage "${String(storage)}": use --storage=memory, --storage=sqlite, ` +
          `or --etcd-servers=http://host:2379`,
      );
  }
}

/**
 * Normalises --etcd-servers values: accepts `http://host:4001`, `host:2379`, and comma lists,
 * returning `host:port` entries for the client; throws on an empty or malformed entry.
 */
export function parseEtcdEndpoints(servers: string[]): string[] {
  const out: string[] = [];
  for (const part of servers.flatMap((s) => s.split(","))) {
    const s = part.trim();
    if (s === "") continue;
    const withScheme = /^[a-z]+:\/\//i.test(s) ? s : `http://${s}`;
    let url: URL;
    try {
      url = new URL(withScheme);
    } catch {
      throw new Error(`invalid etcd server "${s}": use host:port or http://host:port`);
    }
    if (url.protocol !== "http:" && url.protocol !== "https:") {
      throw new Error(`invalid etcd server "${s}": only http:// and https:// are supported`);
    }
    out.push(`${url.protocol}//${url.hostname}:${url.port || "2379"}`);
  }
  if (out.length === 0) {
    throw new Error("no etcd server given: pass --etcd-servers=http://host:2379");
  }
  return out;
}
