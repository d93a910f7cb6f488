/**
 * Kubelet's service environment variables: for every service of the pod's namespace with a
 * cluster IP, `{NAME}_SERVICE_HOST`, `{NAME}_SERVICE_PORT`, `{NAME}_SERVICE_PORT_{PORTNAME}` and
 * the Docker-link style `{NAME}_PORT`, `{NAME}_PORT_{port}_{PROTO}[_PROTO|_PORT|_ADDR]` (the seed's
 * examples find their backends through these).
 */
import type { Service } from "../api/types/service.ts";

function envName(name: string): string {
  return name.toUpperCase().replace(/-/g, "_");
}

/** The variables for `services` (those without a cluster IP are skipped). */
export function serviceEnv(services: Service[]): Record<string, string> {
  const env: Record<string, string> = {};
  const sorted = [...services].sort((a, b) =>
    (a.metadata.name ?? "").localeCompare(b.metadata.name ?? "")
  );
  for (const svc of sorted) {
    const ip = svc.spec?.clusterIP;
    const ports = svc.spec?.ports ?? [];
    if (!ip || ip === "None" || ports.length === 0 || !svc.metadata.name) continue;
    const name = envName(svc.metadata.name);
    env[`${name}_SERVICE_HOST`] = ip;
    env[`${name}_SERVICE_PORT`] = String(ports[0].port);
    for (const p of ports) {
      if (p.name) env[`${name}_SERVICE_PORT_${envName(p.name)}`] = String(p.port);
    }
    const first = ports[0];
    const firstProto = (first.protocol ?? "TCP").toLowerCase();
    env[`${name}_PORT`] = `${firstProto}://${ip}:${first.port}`;
    for (const p of ports) {
      const proto = (p.protocol ?? "TCP").toUpperCase();
      const prefix = `${name}_PORT_${p.port}_${proto}`;
      env[prefix] = `${proto.toLowerCase()}://${ip}:${p.port}`;
      env[`${prefix}_PROTO`] = proto.toLowerCase();
      env[`${prefix}_PORT`] = String(p.port);
      env[`${prefix}_ADDR`] = ip;
    }
  }
  return env;
}
