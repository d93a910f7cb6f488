/**
 * Store micro-benchmark: pod creates/s with 64 concurrent writers and the time of one LIST of
 * 10,000 pods, for memory, sqlite (temp file) and etcd (a private etcd when installed).
 * Run: deno run -A tests/bench/store_bench.ts [writes] [listSize]
 */
import { figure } from "./figures.ts";
import type { Store } from "../../core/storage/store.ts";
import { MemoryStore } from "../../core/storage/memory_store.ts";
import { SqliteStore } from "../../core/storage/sqlite_store.ts";
import { EtcdStore } from "../../core/storage/etcd_store.ts";
import { etcdBinary, startEtcd } from "../_helpers/etcd.ts";
import { measureList, measureStoreWrites } from "../_helpers/measure_store_writes.ts";

/** One row of the printed table. */
export interface StoreBenchRow {
  backend: string;
  writesPerSecond: number;
  listItems: number;
  listMs: number;
}

const CLIENTS = 64;

/** Runs the benchmark against one store (closing it afterwards). */
export async function benchStore(
  backend: string,
  store: Store,
  writes: number,
  listSize: number,
): Promise<StoreBenchRow> {
  try {
    const w = await measureStoreWrites(store, CLIENTS, writes);
    const listed = listSize === writes ? w : await measureStoreWrites(store, CLIENTS, listSize);
    await measureList(store, listed.prefix); // warm-up
    const l = await measureList(store, listed.prefix);
    return { backend, writesPerSecond: w.perSecond, listItems: l.items, listMs: l.ms };
  } finally {
    await store.close();
  }
}

/** Benchmarks memory, sqlite and (when installed) etcd; returns one row per backend. */
export async function runStoreBench(writes = 10_000, listSize = 10_000): Promise<StoreBenchRow[]> {
  const rows: StoreBenchRow[] = [];
  rows.push(await benchStore("memory", new MemoryStore(), writes, listSize));
  const dir = await Deno.makeTempDir({ prefix: "k8sm-store-bench-" });
  try {
    rows.push(
      await benchStore("sqlite", new SqliteStore({ path: `${dir}/k8sm.sqlite` }), writes, listSize),
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
  if (etcdBinary() === undefined) {
    console.error("etcd is not installed: skipping the etcd row (apt-get install etcd-server)");
  } else {
    const etcd = await startEtcd();
    try {
      rows.push(
        await benchStore("etcd", new EtcdStore({ endpoints: [etcd.endpoint] }), writes, listSize),
      );
    } finally {
      await etcd.stop();
    }
  }
  return rows;
}

/** The rows as a small text table. */
export function formatStoreBench(rows: StoreBenchRow[], writes: number, listSize: number): string {
  const lines = [
    `store writes: ${writes} pod creates, ${CLIENTS} concurrent writers; LIST of ${listSize}`,
    "backend   creates/s   LIST ms (items)",
  ];
  for (const r of rows) {
    lines.push(
      `${r.backend.padEnd(8)}  ${r.writesPerSecond.toFixed(0).padStart(9)}   ` +
        `${r.listMs.toFixed(1).padStart(7)} (${r.listItems})`,
    );
  }
  return lines.join("\n");
}

async function main(): Promise<void> {
  const writes = Number(Deno.args[0] ?? 10_000);
  const listSize = Number(Deno.args[1] ?? 10_000);
  const rows = await runStoreBench(writes, listSize);
  console.log(formatStoreBench(rows, writes, listSize));
  for (const r of rows) {
    figure("store", `${r.backend} creates`, r.writesPerSecond, "writes/s");
    figure("store", `${r.backend} LIST of ${r.listItems}`, r.listMs, "ms");
  }
}

if (import.meta.main) await main();
