/**
 * The apiserver's Prometheus metrics: request counts by verb/resource/code, request latency
 * and store operation latency histograms, and the number of registered watchers; rendered in
 * the Prometheus text exposition format at /metrics.
 */

const BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/** Escapes a label value for the text format. */
function esc(v: string): string {
  return v.replaceAll("\\", "\\\\").replaceAll('"', '\\"').replaceAll("\n", "\\n");
}

function labelText(labels: Record<string, string>): string {
  const parts = Object.entries(labels).map(([k, v]) => `${k}="${esc(v)}"`);
  return parts.length === 0 ? "" : `{${parts.join(",")}}`;
}

/** A histogram family with fixed buckets. */
class Histogram {
  #series = new Map<string, { labels: Record<string, string>; counts: number[]; sum: number }>();

  constructor(readonly name: string, readonly help: string) {}

  observe(labels: Record<string, string>, seconds: number): void {
    let key = "";
    for (const k in labels) key += `${labels[k]}\u0000`;
    let s = this.#series.get(key);
    if (s === undefined) {
      s = { labels, counts: new Array(BUCKETS.length + 1).fill(0), sum: 0 };
      this.#series.set(key, s);
    }
    let i = 0;
    while (i < BUCKETS.length && seconds > BUCKETS[i]) i++;
    s.counts[i]++;
    s.sum += seconds;
  }

  render(out: string[]): void {
    out.push(`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} histogram`);
    for (const s of this.#series.values()) {
      let cumulative = 0;
      for (let i = 0; i <= BUCKETS.length; i++) {
        cumulative += s.counts[i];
        const le = i < BUCKETS.length ? String(BUCKETS[i]) : "+Inf";
        out.push(`${this.name}_bucket${labelText({ ...s.labels, le })} ${cumulative}`);
      }
      out.push(`${this.name}_sum${labelText(s.labels)} ${s.sum}`);
      out.push(`${this.name}_count${labelText(s.labels)} ${cumulative}`);
    }
  }
}

/** The metrics one apiserver records. */
export class ApiMetrics {
  #requests = new Map<string, { labels: string; n: number }>();
  #latency = new Histogram(
    "apiserver_request_duration_seconds",
    "Response latency distribution in seconds for each verb and resource.",
  );
  #store = new Histogram(
    "apiserver_storage_operation_duration_seconds",
    "Latency of store operations in seconds, by operation.",
  );
  #watchers: () => Record<string, number> = () => ({});

  /** Counts a finished request and records its latency (not for watches). */
  request(verb: string, resource: string, code: number, seconds?: number): void {
    const key = `${verb}\u0000${resource}\u0000${code}`;
    const c = this.#requests.get(key);
    if (c !== undefined) c.n++;
    else {this.#requests.set(key, {
        labels: labelText({ verb, resource, code: String(code) }),
        n: 1,
      });}
    if (seconds !== undefined) this.#latency.observe({ verb, resource }, seconds);
  }

  /** Records the latency of one store operation. */
  storeOperation(operation: string, seconds: number): void {
    this.#store.observe({ operation }, seconds);
  }

  /** Sets where the current watcher counts (by kind) come from. */
  watchersFrom(fn: () => Record<string, number>): void {
    this.#watchers = fn;
  }

  /** The text exposition of every metric. */
  render(): string {
    const out: string[] = [
      "# HELP apiserver_request_total Counter of apiserver requests broken out for each verb, " +
      "resource and HTTP response code.",
      "# TYPE apiserver_request_total counter",
    ];
    for (const { labels, n } of this.#requests.values()) {
      out.push(`apiserver_request_total${labels} ${n}`);
    }
    this.#latency.render(out);
    this.#store.render(out);
    out.push(
      "# HELP apiserver_registered_watchers Number of currently registered watchers by kind.",
      "# TYPE apiserver_registered_watchers gauge",
    );
    const watchers = this.#watchers();
    let total = 0;
    for (const [kind, n] of Object.entries(watchers)) {
      total += n;
      out.push(`apiserver_registered_watchers${labelText({ kind })} ${n}`);
    }
    if (Object.keys(watchers).length === 0) out.push(`apiserver_registered_watchers ${total}`);
    return out.join("\n") + "\n";
  }
}
