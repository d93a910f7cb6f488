/**
 * Starts podman's Docker-compatible service for tests, with the local busybox test image.
 *
 * What works in these sandboxes (root, cgroup v1 with a cgroup2 "unified" mount):
 * - OCI runtime `runc`: crun rejects the hybrid cgroup layout.
 * - `default_ulimits = []`: the sandbox refuses rlimit changes, podman's default nofile
 *   ulimit makes every container fail to start.
 * - `cgroup_manager = "cgroupfs"` and `events_logger = "file"`: there is no systemd/journald.
 * - `exit_command_delay = 3`: the default (5 minutes) leaves each exec session's conmon behind
 *   long after the test; 0 removes the session before its exit code can be inspected (the
 *   exec contract step then sees 404 "no such exec session" now and then).
 * - Networking: netavark's default bridge (10.88.0.0/16) works as root, so the infra container
 *   gets a pod IP and PortBindings forward host ports; storage is the default overlay under
 *   /var/lib/containers (shared, so the imported image is cached across tests and runs).
 * No registry is reachable: the image is `podman import`ed from Debian busybox-static.
 */

import { waitFor } from "../../core/util/wait.ts";
import { DockerRuntime } from "../../core/executor/runtimes/docker_runtime.ts";
import { missingComponents, requires } from "./requirements.ts";

/** The local test image (busybox applets, PATH=/bin, CMD sh). */
export const TEST_IMAGE = "localhost/k8sm-busybox:latest";

/** A running podman service. */
export interface PodmanHandle {
  socketPath: string;
  /** `unix://<socketPath>`, for DOCKER_HOST / --docker-endpoint. */
  dockerHost: string;
  image: string;
  /** Label every container a test creates must carry, so that `stop()` removes it. */
  runLabel: { key: string; value: string };
  /** Runs the podman CLI against the same configuration; returns stdout (throws on failure). */
  podman(args: string[]): Promise<string>;
  /** Removes every container carrying `runLabel`, then stops the service. */
  stop(): Promise<void>;
}

/**
 * Why podman tests cannot run here, or undefined when podman, runc and busybox exist. Goes
 * through `requires()`: a loud message, and under CI a failing test. Call at module load only.
 */
export function podmanSkipReason(): string | undefined {
  const needed = ["podman", "runc", "busybox"] as const;
  if (!requires(...needed).ignore) return undefined;
  return `podman tests skipped: missing ${missingComponents(...needed).join(", ")}`;
}

const CONTAINERS_CONF = `# written by tests/_helpers/podman.ts
[containers]
default_ulimits = []

[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"
exit_command_delay = 3
`;

async function run(cmd: string, args: string[], env: Record<string, string>): Promise<string> {
  const out = await new Deno.Command(cmd, { args, env, stdout: "piped", stderr: "piped" })
    .output();
  const td = new TextDecoder();
  if (!out.success) {
    throw new Error(`${cmd} ${args.join(" ")} failed (${out.code}): ${td.decode(out.stderr)}`);
  }
  return td.decode(out.stdout);
}

async function ensureImage(env: Record<string, string>, dir: string): Promise<void> {
  const exists = await new Deno.Command("podman", {
    args: ["image", "exists", TEST_IMAGE],
    env,
    stdout: "null",
    stderr: "null",
  }).output();
  if (exists.success) return;
  const root = `${dir}/rootfs`;
  for (const d of ["bin", "tmp", "etc", "root", "var/www"]) {
    await Deno.mkdir(`${root}/${d}`, { recursive: true });
  }
  await Deno.copyFile("/bin/busybox", `${root}/bin/busybox`);
  await Deno.chmod(`${root}/bin/busybox`, 0o755);
  const applets = (await run("/bin/busybox", ["--list"], {})).split("\n").filter(Boolean);
  for (const a of applets) {
    if (a !== "busybox") await Deno.symlink("busybox", `${root}/bin/${a}`);
  }
  await Deno.writeTextFile(`${root}/etc/passwd`, "root:x:0:0:root:/root:/bin/sh\n");
  await Deno.writeTextFile(`${root}/etc/group`, "root:x:0:\n");
  await run("tar", ["-C", root, "-cf", `${dir}/rootfs.tar`, "."], {});
  await run("podman", [
    "import",
    "--change",
    'CMD ["/bin/sh"]',
    "--change",
    "ENV PATH=/bin",
    `${dir}/rootfs.tar`,
    TEST_IMAGE,
  ], env);
}

/** Starts `podman system service` on a private socket and makes sure the test image exists. */
export async function startPodman(): Promise<PodmanHandle> {
  const dir = await Deno.makeTempDir({ prefix: "k8sm-podman-" });
  await Deno.writeTextFile(`${dir}/containers.conf`, CONTAINERS_CONF);
  const env = { CONTAINERS_CONF: `${dir}/containers.conf` };
  const socketPath = `${dir}/podman.sock`;
  await ensureImage(env, dir);
  const child = new Deno.Command("/bin/sh", {
    args: [
      "-c",
      `exec podman system service --time=0 unix://${socketPath} >${dir}/service.log 2>&1`,
    ],
    env,
    stdin: "null",
    stdout: "null",
    stderr: "null",
  }).spawn();
  const client = Deno.createHttpClient({ proxy: { transport: "unix", path: socketPath } });
  try {
    await waitFor(async () => {
      const res = await fetch("http://podman/_ping", { client });
      return (await res.text()) === "OK";
    }, { timeoutMs: 20_000, what: `podman service on ${socketPath}` });
  } catch (e) {
    child.kill("SIGKILL");
    await child.status;
    throw e;
  } finally {
    client.close();
  }
  const runLabel = { key: "k8sm.test/run", value: `${Date.now().toString(36)}-${child.pid}` };
  const podman = (args: string[]) => run("podman", args, env);
  return {
    socketPath,
    dockerHost: `unix://${socketPath}`,
    image: TEST_IMAGE,
    runLabel,
    podman,
    async stop() {
      const ids = (await podman([
        "ps",
        "-a",
        "-q",
        "--filter",
        `label=${runLabel.key}=${runLabel.value}`,
      ])).split("\n").filter(Boolean);
      if (ids.length) await podman(["rm", "-f", "-t", "0", ...ids]);
      child.kill("SIGTERM");
      await child.status;
      await Deno.remove(dir, { recursive: true });
    },
  };
}

/**
 * A Docker runtime over `pm`'s service whose sandboxes run the test image sleeping, every
 * container carrying `pm.runLabel` (so `pm.stop()` removes them).
 */
export function podmanDockerRuntime(pm: PodmanHandle): DockerRuntime {
  return new DockerRuntime({
    endpoint: pm.dockerHost,
    infraImage: pm.image,
    infraCommand: ["sleep", "2147483647"],
    extraLabels: { [pm.runLabel.key]: pm.runLabel.value },
  });
}

/**
 * Commits the test image as `image` with `sleep 2147483647` as its command: an infra image
 * whose default command keeps running (`--pod-infra-image`, no registry for the real pause).
 */
export async function commitSleepingImage(pm: PodmanHandle, image: string): Promise<void> {
  const holder = `k8sm-pause-src-${Date.now()}`;
  await pm.podman(["create", "--name", holder, TEST_IMAGE, "true"]);
  await pm.podman(["commit", "-q", "--change", 'CMD ["sleep","2147483647"]', holder, image]);
  await pm.podman(["rm", "-f", holder]);
}
