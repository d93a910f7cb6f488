/**
 * Which container runtime `k8sm up` gives its executors: Docker when a Docker Engine API answers
 * (`--docker-endpoint`, else DOCKER_HOST, else /var/run/docker.sock), else the process runtime,
 * said plainly since it runs containers as host processes without isolation.
 */
import { DockerClient } from "../executor/docker/docker_client.ts";
import { dockerAvailable } from "../executor/runtimes/runtime_factory.ts";

/** The chosen runtime and the sentence `k8sm up` prints about it. */
export interface RuntimeChoice {
  runtime: "docker" | "process";
  dockerEndpoint?: string;
  message: string;
}

/** Picks the runtime for `asked` ("auto" by default). */
export async function chooseRuntime(
  asked: "auto" | "docker" | "process" = "auto",
  dockerEndpoint?: string,
): Promise<RuntimeChoice> {
  const where = dockerEndpoint ?? Deno.env.get("DOCKER_HOST") ?? "unix:///var/run/docker.sock";
  if (asked === "process") {
    return {
      runtime: "process",
      message: "process runtime (asked for): containers run as host processes, without isolation",
    };
  }
  if (await dockerAvailable(dockerEndpoint)) {
    return {
      runtime: "docker",
      dockerEndpoint,
      message: `Docker runtime: the Docker API at ${where}`,
    };
  }
  if (asked === "docker") {
    throw new Error(
      `no Docker API answers at ${where}; start Docker (or podman system service), point ` +
        `--docker-endpoint at it, or use --container-runtime=process`,
    );
  }
  return {
    runtime: "process",
    message: `no Docker API answers at ${where}, so pods use the process runtime: each ` +
      `container's command runs as a host process, without isolation or images`,
  };
}

/**
 * Removes every container a k8sm framework left behind (label k8s.mesosphere.io/frameworkId):
 * each is killed, then removed, app containers first (an infra container cannot go while
 * others share its namespaces);
 * a few passes, in case one is still stopping. Returns how many were removed.
 */
export async function removeFrameworkContainers(
  frameworkId: string,
  dockerEndpoint?: string,
): Promise<number> {
  const client = new DockerClient(dockerEndpoint);
  const filters = JSON.stringify({ label: [`k8s.mesosphere.io/frameworkId=${frameworkId}`] });
  let removed = 0;
  try {
    for (let pass = 0; pass < 3; pass++) {
      const list = await client.json<{ Id: string; Labels?: Record<string, string> }[]>(
        "GET",
        "/containers/json",
        { query: { all: true, filters } },
      );
      if (list.length === 0) break;
      const isInfra = (c: { Labels?: Record<string, string> }) =>
        c.Labels?.["io.kubernetes.container.name"] === "POD";
      list.sort((a, b) => Number(isInfra(a)) - Number(isInfra(b)));
      for (const c of list) {
        try {
          // SIGKILL first: a container whose graceful stop is still running (PID 1 ignoring
          // SIGTERM) could otherwise outlive its removal from podman's records.
          await client.call("POST", `/containers/${c.Id}/kill`, { query: { signal: "KILL" } })
            .catch(() => {});
          await client.call("DELETE", `/containers/${c.Id}`, { query: { force: true, v: true } });
          removed++;
        } catch {
          // still stopping or held by a dependent: the next pass retries
        }
      }
    }
    return removed;
  } finally {
    client.close();
  }
}
