/**
 * A secured k8sm cluster of separate processes, wired the way `k8sm certs init` tells an
 * operator to: its printed command lines are parsed and run (mesos-local with framework, HTTP
 * and executor authentication; the apiserver with client CA, tokens and RBAC; scheduler,
 * controller-manager and proxy with their own kubeconfigs), plus what a test needs on top (free
 * ports, a static token user, the process runtime under the cluster's directory).
 * Everything lives in one temporary directory, so leftovers are found by mentioning it.
 * With `persistent`, the apiserver and scheduler keep sqlite stores and mesos-local a fixed
 * port, so `crashAndRestart()` can SIGKILL one component and run it again on its data.
 */
import { resolveClientConfig } from "../../core/client/client_config.ts";
import { RestClient } from "../../core/client/rest_client.ts";
import { type ComponentProcess, spawnComponent } from "./component_process.ts";
import { freePort, freePortRange } from "./ports.ts";

const CLI = new URL("../../cli/main.ts", import.meta.url).pathname;

/** The static token user the cluster's apiserver knows (bound to `edit` by the test). */
export const TOKEN_USER = "token-tester";

/** A component of the cluster that `crashAndRestart()` can SIGKILL and run again. */
export type ComponentName = "apiserver" | "mesos" | "scheduler" | "controllerManager" | "proxy";

/** How to start the cluster. */
export interface SecuredClusterOptions {
  /**
   * sqlite stores for the apiserver and scheduler, a fixed mesos-local port, agent port ranges
   * outside the ephemeral range, and a short executor recovery timeout (default false: memory
   * stores, any ports).
   */
  persistent?: boolean;
}

/** A started secured cluster; `stop()` ends every component with SIGTERM. */
export interface SecuredCluster {
  /** The temporary directory holding credentials, sandboxes and pod processes. */
  dir: string;
  /** The credential directory `certs init` wrote. */
  creds: string;
  apiUrl: string;
  mesosUrl: string;
  /** The bearer token of TOKEN_USER. */
  token: string;
  /** The Mesos framework principal and secret. */
  mesosPrincipal: string;
  mesosSecret: string;
  apiserver: ComponentProcess;
  mesos: ComponentProcess;
  scheduler: ComponentProcess;
  controllerManager: ComponentProcess;
  proxy: ComponentProcess;
  /** The scheduler's arguments as run (printed flags and test additions). */
  schedulerArgs: string[];
  /** A client with the admin kubeconfig; close() it when done. */
  adminClient(): RestClient;
  /** Runs kubectl with the admin kubeconfig; returns stdout, throws with stderr. */
  kubectl(...args: string[]): Promise<string>;
  /** SIGTERMs scheduler, controller-manager, proxy, then mesos-local, then the apiserver. */
  stop(): Promise<Record<string, number>>;
  /**
   * SIGKILLs `name` (a crash) and starts it again with the same flags and data; resolves once
   * the new process serves (apiserver, mesos-local) or has started (the others).
   */
  crashAndRestart(name: ComponentName): Promise<ComponentProcess>;
}

/** The `k8sm …` command lines `certs init` printed, continuation lines joined, by command. */
export function printedCommands(text: string): Map<string, string[]> {
  const joined = text.replace(/\\\n\s*/g, "");
  const out = new Map<string, string[]>();
  for (const line of joined.split("\n")) {
    const words = line.trim().split(/\s+/);
    if (words[0] === "k8sm" && words.length > 1) out.set(words[1], words.slice(2));
  }
  return out;
}

/**
 * `args` with the given flags set: any `--name=value` of theirs is replaced, the others are
 * appended (the printed lines carry placeholders such as the Mesos master's address).
 */
export function withFlags(args: string[], flags: Record<string, string>): string[] {
  const kept = args.filter((a) => !((/^--[^=]+/.exec(a)?.[0] ?? "") in flags));
  return [...kept, ...Object.entries(flags).map(([k, v]) => `${k}=${v}`)];
}

async function run(args: string[], env: Record<string, string> = {}): Promise<string> {
  const out = await new Deno.Command(args[0], {
    args: args.slice(1),
    env,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  const d = new TextDecoder();
  if (!out.success) {
    throw new Error(`${args.slice(0, 4).join(" ")}… failed: ${d.decode(out.stderr)}`);
  }
  return d.decode(out.stdout);
}

function mesosReady(p: ComponentProcess, timeoutMs: number): Promise<RegExpExecArray> {
  return p.waitForLog(/listening on (http:\/\/\S+)/, "the master URL", timeoutMs);
}

function apiserverReady(p: ComponentProcess, timeoutMs: number): Promise<RegExpExecArray> {
  return p.waitForLog(/serving the Kubernetes API [^\n]*https:\/\//, "HTTPS", timeoutMs);
}

/** Starts the five components; on failure stops what started and rethrows. */
export async function startSecuredCluster(
  options: SecuredClusterOptions = {},
): Promise<SecuredCluster> {
  const persistent = options.persistent ?? false;
  const dir = await Deno.makeTempDir({ prefix: "k8sm-secured-" });
  const creds = `${dir}/creds`;
  const apiPort = freePort();
  const apiUrl = `https://127.0.0.1:${apiPort}`;
  const printed = printedCommands(
    await run([
      Deno.execPath(),
      "run",
      "-A",
      CLI,
      "certs",
      "init",
      "--dir",
      creds,
      "--apiserver",
      apiUrl,
    ]),
  );
  const need = (c: string) => {
    const a = printed.get(c);
    if (!a) throw new Error(`k8sm certs init printed no "k8sm ${c}" command line`);
    return a;
  };
  const token = crypto.randomUUID().replaceAll("-", "");
  await Deno.writeTextFile(`${dir}/tokens.csv`, `${token},${TOKEN_USER},uid-${TOKEN_USER},\n`);
  await Deno.chmod(`${dir}/tokens.csv`, 0o600);
  const mesosCreds = JSON.parse(await Deno.readTextFile(`${creds}/mesos-credentials.json`)) as {
    credentials: { principal: string; secret: string }[];
  };
  const started: ComponentProcess[] = [];
  const argsOf = new Map<string, string[]>();
  const start = (name: string, args: string[]) => {
    const p = spawnComponent(name, args, { HOME: dir });
    started.push(p);
    argsOf.set(name, args);
    return p;
  };
  const storage = persistent ? "sqlite" : "memory";
  // Both agents get this range (one --resources for all): pods here use no host ports.
  const recovery: Record<string, string> = persistent
    ? { "--resources": `ports:[${freePortRange(50).text}]`, "--recovery-timeout": "20s" }
    : {};
  try {
    const mesos = start("mesos-local", [
      "mesos-local",
      ...withFlags(need("mesos-local"), {
        "--port": persistent ? String(freePort()) : "0",
        "--agents": "2",
        "--allocation-interval": "100ms",
        "--work-dir": `${dir}/mesos`,
        ...recovery,
      }),
    ]);
    const apiserver = start("apiserver", [
      "apiserver",
      ...withFlags(need("apiserver"), {
        "--storage": storage,
        "--token-auth-file": `${dir}/tokens.csv`,
      }),
    ]);
    // Generous deadlines: a first run may still fill Deno's module cache.
    const master = await mesosReady(mesos, 180_000);
    const mesosUrl = master[1];
    await apiserverReady(apiserver, 180_000);
    const schedulerArgs = [
      "scheduler",
      ...withFlags(need("scheduler"), {
        "--mesos-master": new URL(mesosUrl).host,
        "--storage": storage,
        "--port": "0",
        "--container-runtime": "process",
        "--executor-path": CLI,
        "--executor-arg": `--root-dir=${dir}/exec`,
        "--offer-ttl": "1s",
      }),
    ];
    const scheduler = start("scheduler", schedulerArgs);
    const [cmArgs, proxyArgs] = [need("controller-manager"), need("proxy")];
    const controllerManager = start("controller-manager", [
      "controller-manager",
      ...withFlags(cmArgs, { "--port": "0" }),
    ]);
    const proxy = start("proxy", ["proxy", ...withFlags(proxyArgs, { "--healthz-port": "0" })]);
    const admin = `${creds}/admin.kubeconfig`;
    const cluster: SecuredCluster = {
      dir,
      creds,
      apiUrl,
      mesosUrl,
      token,
      mesosPrincipal: mesosCreds.credentials[0].principal,
      mesosSecret: mesosCreds.credentials[0].secret,
      apiserver,
      mesos,
      scheduler,
      controllerManager,
      proxy,
      schedulerArgs,
      adminClient: () =>
        new RestClient(
          resolveClientConfig({
            kubeconfig: admin,
            implicitKubeconfig: false,
            env: () => undefined,
          }),
        ),
      kubectl: (...args) =>
        run(["kubectl", "--kubeconfig", admin, "--cache-dir", `${dir}/kcache`, ...args], {
          HOME: dir,
          NO_COLOR: "1",
          PATH: Deno.env.get("PATH") ?? "/usr/bin:/bin",
        }),
      async stop() {
        const codes: Record<string, number> = {};
        const failures: string[] = [];
        const c = cluster;
        for (
          const group of [[c.scheduler, c.controllerManager, c.proxy], [c.mesos], [c.apiserver]]
        ) {
          const ended = await Promise.allSettled(group.map((p) => p.stop("SIGTERM")));
          ended.forEach((r, i) => {
            if (r.status === "fulfilled") codes[group[i].name] = r.value;
            else failures.push((r.reason as Error).message);
          });
        }
        if (failures.length > 0) throw new Error(failures.join("\n"));
        return codes;
      },
      async crashAndRestart(name) {
        const old = cluster[name];
        await old.stop("SIGKILL");
        const p = start(old.name, argsOf.get(old.name)!);
        cluster[name] = p;
        if (name === "mesos") await mesosReady(p, 60_000);
        if (name === "apiserver") await apiserverReady(p, 60_000);
        return p;
      },
    };
    return cluster;
  } catch (e) {
    await Promise.all(started.map((p) => p.stop("SIGKILL")));
    await Deno.remove(dir, { recursive: true }).catch(() => {});
    throw e;
  }
}
