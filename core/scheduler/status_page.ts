/**
 * The scheduler's HTTP endpoints on `--port`: `/healthz`, Prometheus `/metrics`, and at `/` the
 * status page Mesos links to as the framework's webui_url (queue, offers held, tasks).
 */
import type { MesosScheduler } from "./scheduler.ts";

function esc(s: string): string {
  return s.replace(
    /[&<>"]/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]!,
  );
}

/** The HTML status page of a scheduler (or a standby notice when `s` is undefined). */
export function renderStatusPage(s: MesosScheduler | undefined): string {
  if (!s) {
    return `<!doctype html><title>k8sm scheduler</title><h1>k8sm scheduler</h1>` +
      `<p>standby: waiting to become the leader</p>`;
  }
  const now = Date.now();
  const rows = (cells: string[][]) =>
    cells.map((r) => `<tr>${r.map((c) => `<td>${esc(c)}</td>`).join("")}</tr>`).join("");
  const queue = rows(
    s.queue.all().map((e) => [
      e.key,
      String(e.attempts),
      e.notBefore > now ? `${Math.ceil((e.notBefore - now) / 1000)}s` : "now",
      e.lastMessage ?? "",
    ]),
  );
  const offers = rows(
    s.offers.all().map((c) => [
      c.offer.id.value,
      c.offer.hostname,
      `${Math.round((now - c.receivedAt) / 100) / 10}s`,
    ]),
  );
  const tasks = rows(s.registry.all().map((t) => [t.taskId, t.podKey, t.hostname, t.state]));
  return `<!doctype html><html><head><title>k8sm scheduler</title></head><body>
<h1>k8sm scheduler</h1>
<p>framework ${esc(s.frameworkId ?? "(not registered)")}, Mesos ${
    s.connected ? "connected" : "disconnected"
  }</p>
<h2>Queue (${s.queue.size})</h2><table><tr><th>pod</th><th>attempts</th><th>next try</th><th>last reason</th></tr>${queue}</table>
<h2>Offers held (${s.offers.size})</h2><table><tr><th>offer</th><th>agent</th><th>age</th></tr>${offers}</table>
<h2>Tasks (${s.registry.size})</h2><table><tr><th>task</th><th>pod</th><th>agent</th><th>state</th></tr>${tasks}</table>
</body></html>`;
}

/** The request handler of the scheduler's HTTP port; `current()` is the leading scheduler. */
export function schedulerHttpHandler(
  current: () => MesosScheduler | undefined,
): (req: Request) => Response {
  return (req) => {
    const path = new URL(req.url).pathname;
    const s = current();
    if (path === "/healthz") return new Response("ok\n");
    if (path === "/metrics") {
      const body = s
        ? s.metrics.render({
          queueLength: s.queue.size,
          offersHeld: s.offers.size,
          tasks: s.registry.size,
          connected: s.connected,
        })
        : "# k8sm scheduler standby\nk8sm_scheduler_leader 0\n";
      return new Response(body, { headers: { "Content-Type": "text/plain; version=0.0.4" } });
    }
    if (path === "/" || path === "/status") {
      return new Response(renderStatusPage(s), {
        headers: { "Content-Type": "text/html; charset=utf-8" },
      });
    }
    return new Response("not found\n", { status: 404 });
  };
}
