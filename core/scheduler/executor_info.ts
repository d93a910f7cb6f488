/**
 * The ExecutorInfo of every k8sm task: `k8sm executor` with the flags it needs, the executor's
 * resource share, and an executor id that hashes command, flags and resources, so that an
 * incompatible executor is never reused by mistake (the agent reuses an executor only while its
 * ExecutorInfo is identical).
 */
import { createHash } from "node:crypto";
import type { MesosResource } from "../mesos/resources.ts";
import type { ExecutorShare } from "./fit.ts";

/** What the executor command is built from (the scheduler's flags). */
export interface ExecutorConfig {
  /**
   * The k8sm CLI to run: a `.ts` path runs under `deno run -A`, anything else is a binary.
   * Default: this very CLI (`deno run -A <abs path to cli/main.ts>`).
   */
  executorPath?: string;
  /** A URI the agent fetches into the sandbox (e.g. a compiled k8sm); its basename is run. */
  executorUri?: string;
  /** The apiserver URL(s) the executor writes pod status to. */
  apiServers: string;
  /** `docker` or `process`. */
  containerRuntime?: string;
  dockerEndpoint?: string;
  podInfraImage?: string;
  /** Log verbosity passed as `-v`. */
  verbosity?: number;
  /** More `k8sm executor` flags, passed as given (e.g. `--root-dir=/var/lib/k8sm`). */
  extraArgs?: string[];
  /** The executor's resources (0.25 cpu, 128 MiB by default). */
  share: ExecutorShare;
}

/** The default executor share of DESIGN.md. */
export const DEFAULT_EXECUTOR_SHARE: ExecutorShare = { cpus: 0.25, memMb: 128 };

/** The absolute path of this CLI's entry point. */
export const CLI_MAIN_PATH = new URL("../../cli/main.ts", import.meta.url).pathname;

/** Quotes a word for /bin/sh. */
export function shellQuote(word: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}

/**
 * V8 flags of executors run by `deno run`: one executor runs on every agent, so its footprint
 * counts once per machine. A young generation capped at 2 MiB semi-spaces (V8's default grows
 * to 16 MiB) keeps the executor's heap small: tests/bench/rss_bench.ts measured 102 → 96 MiB
 * with 10 pods and 155/148 → 121/138 MiB with 100 pods each, at the same executor CPU time.
 */
export const EXECUTOR_V8_FLAGS = "--max-semi-space-size=2";

/**
 * Deno flags for executors run from a `.ts` entry point: EXECUTOR_V8_FLAGS, and with
 * `K8SM_EXECUTOR_CPU_PROF_DIR` set in the scheduler's environment, each executor writes a V8
 * CPU profile there when it exits (how tests/bench/README.md profiles the executor side of the
 * pod path).
 */
function denoRunFlags(): string[] {
  const dir = Deno.env.get("K8SM_EXECUTOR_CPU_PROF_DIR");
  const prof = dir ? ["--cpu-prof", `--cpu-prof-dir=${dir}`] : [];
  return [`--v8-flags=${EXECUTOR_V8_FLAGS}`, ...prof];
}

/** The argv of the executor command. */
export function executorArgv(cfg: ExecutorConfig): string[] {
  let head: string[];
  if (cfg.executorPath) {
    head = cfg.executorPath.endsWith(".ts")
      ? [Deno.execPath(), "run", "-A", ...denoRunFlags(), cfg.executorPath]
      : [cfg.executorPath];
  } else if (cfg.executorUri) {
    const base = new URL(cfg.executorUri, "file:///").pathname.split("/").pop() ?? "k8sm";
    head = [`./${base.replace(/\.(tgz|tar\.gz|tar|zip)$/, "")}`];
  } else {
    head = [Deno.execPath(), "run", "-A", ...denoRunFlags(), CLI_MAIN_PATH];
  }
  const args = [
    ...head,
    "executor",
    `--api-servers=${cfg.apiServers}`,
    `--container-runtime=${cfg.containerRuntime ?? "docker"}`,
    "--kubelet-port=0",
    `-v=${cfg.verbosity ?? 0}`,
  ];
  if (cfg.dockerEndpoint) args.push(`--docker-endpoint=${cfg.dockerEndpoint}`);
  if (cfg.podInfraImage) args.push(`--pod-infra-image=${cfg.podInfraImage}`);
  args.push(...cfg.extraArgs ?? []);
  return args;
}

/** The executor's resources in Mesos JSON form. */
export function executorResources(share: ExecutorShare): MesosResource[] {
  return [
    { name: "cpus", type: "SCALAR", scalar: { value: share.cpus } },
    { name: "mem", type: "SCALAR", scalar: { value: share.memMb } },
  ];
}

/** A built ExecutorInfo and its id. */
export interface BuiltExecutor {
  executorId: string;
  info: Record<string, unknown>;
}

/** Builds the ExecutorInfo (Mesos JSON) for `cfg`; equal configs give equal ids and bytes. */
export function buildExecutorInfo(cfg: ExecutorConfig): BuiltExecutor {
  const value = executorArgv(cfg).map(shellQuote).join(" ");
  const command: Record<string, unknown> = { shell: true, value };
  if (cfg.executorUri) command.uris = [{ value: cfg.executorUri, executable: true }];
  const resources = executorResources(cfg.share);
  const digest = createHash("sha256").update(JSON.stringify({ command, resources })).digest(
    "hex",
  );
  const executorId = `k8sm-executor-${digest.slice(0, 16)}`;
  return {
    executorId,
    info: {
      type: "CUSTOM",
      executor_id: { value: executorId },
      name: "Kubelet-Executor",
      source: "kubernetes",
      command,
      resources,
    },
  };
}
