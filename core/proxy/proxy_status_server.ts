/**
 * The proxy's HTTP port: `/healthz`, Prometheus `/metrics` (connections accepted, failed and
 * active per service port) and `/ports` (JSON: which local port proxies which service port).
 */
import type { Proxier } from "./proxier.ts";

/** Serves the proxy status on address:port; throws a one-line Error when the port is taken. */
export function serveProxyStatus(
  proxier: Proxier,
  port: number,
  address = "127.0.0.1",
): Deno.HttpServer<Deno.NetAddr> {
  try {
    return Deno.serve({ hostname: address, port, onListen: () => {} }, (req) => {
      const path = new URL(req.url).pathname;
      if (path === "/healthz") return new Response("ok\n");
      if (path === "/ports") return Response.json(proxier.ports());
      if (path === "/metrics") return new Response(metricsText(proxier));
      return new Response("not found\n", { status: 404 });
    });
  } catch (e) {
    throw new Error(
      `cannot serve the proxy's /healthz on ${address}:${port}: ${
        (e as Error).message
      }; choose another --healthz-port`,
    );
  }
}

function metricsText(proxier: Proxier): string {
  const lines: string[] = [];
  const metric = (
    name: string,
    help: string,
    type: string,
    pick: (p: ReturnType<Proxier["ports"]>[number]) => number,
  ) => {
    lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
    for (const p of proxier.ports()) {
      lines.push(
        `${name}{service="${p.service}",port="${p.portName || p.servicePort}"} ${pick(p)}`,
      );
    }
  };
  metric(
    "k8sm_proxy_connections_accepted_total",
    "Connections accepted.",
    "counter",
    (p) => p.stats.accepted,
  );
  metric(
    "k8sm_proxy_connections_failed_total",
    "Connections no endpoint took.",
    "counter",
    (p) => p.stats.failed,
  );
  metric(
    "k8sm_proxy_connections_active",
    "Connections being proxied.",
    "gauge",
    (p) => p.stats.active,
  );
  metric("k8sm_proxy_endpoints", "Ready endpoints.", "gauge", (p) => p.endpoints.length);
  return lines.join("\n") + "\n";
}
