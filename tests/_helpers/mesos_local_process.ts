/**
 * `k8sm mesos-local` as a real child process for recovery tests: started on a work dir and a
 * master port, with its agent id and endpoint read from its output; `kill()` is a SIGKILL (a
 * crash: executors live on), `stop()` a SIGTERM (executors are stopped).
 */
import { CLI } from "./k8sm_child.ts";

/** A running mesos-local process with one agent. */
export class MesosLocalProcess {
  #output = "";
  #pump: Promise<void>;

  private constructor(
    readonly child: Deno.ChildProcess,
    readonly agentId: string,
    readonly agentEndpoint: string,
    pump: Promise<void>,
  ) {
    this.#pump = pump;
  }

  /** Starts mesos-local on `workDir` with its master on `port`; resolves once it listens. */
  static async start(
    workDir: string,
    port: number,
    extra: string[] = [],
  ): Promise<MesosLocalProcess> {
    const child = new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "-A",
        CLI,
        "mesos-local",
        `--port=${port}`,
        `--work-dir=${workDir}`,
        "--allocation-interval=100ms",
        "--recovery-timeout=60s",
        "--executor-reregistration-timeout=10s",
        ...extra,
      ],
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    let out = "";
    const found = Promise.withResolvers<[string, string]>();
    const pump = (async () => {
      const lines = child.stdout.pipeThrough(new TextDecoderStream());
      for await (const text of lines) {
        out += text;
        const m = /agent (\S+) \(.*?\) listening on http:\/\/(\S+)/.exec(out);
        if (m) found.resolve([m[1], m[2]]);
      }
      found.reject(new Error(`mesos-local exited before listening; output: ${out}`));
    })();
    const errs = (async () => {
      for await (const t of child.stderr.pipeThrough(new TextDecoderStream())) out += t;
    })();
    const [agentId, endpoint] = await found.promise;
    const p = new MesosLocalProcess(child, agentId, endpoint, Promise.all([pump, errs]).then());
    p.#output = out;
    return p;
  }

  /** SIGKILL, as a crash: nothing is cleaned up. */
  async kill(): Promise<void> {
    await this.#signal("SIGKILL");
  }

  /** SIGTERM: a graceful stop (executors are shut down). */
  async stop(): Promise<void> {
    await this.#signal("SIGTERM");
  }

  async #signal(signal: Deno.Signal): Promise<void> {
    try {
      this.child.kill(signal);
    } catch {
      // already exited
    }
    await this.child.status;
    await this.#pump;
  }
}
