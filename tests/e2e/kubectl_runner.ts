/**
 * Runs the machine's kubectl for e2e tests with a private kubeconfig and discovery cache (the
 * gcloud dispatcher at /usr/bin/kubectl picks the kubectl matching the server's version).
 * Tests that use it declare `...requires("kubectl")` (tests/_helpers/requirements.ts).
 */

/** The outcome of one kubectl run. */
export interface KubectlResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** A long-running kubectl (e.g. `get -w`) whose output is collected as it arrives. */
export interface KubectlProcess {
  /** Resolves once stdout matches `re`; rejects after `ms` with what was seen. */
  waitFor(re: RegExp, what: string, ms?: number): Promise<void>;
  /** Stops the process and waits for it. */
  stop(): Promise<void>;
}

/** kubectl bound to one server through a temporary kubeconfig. */
export class KubectlRunner {
  private constructor(readonly dir: string) {}

  /**
   * Writes a kubeconfig for `server` (with a bearer `token` and a CA file if given) into a temp
   * dir. kubectl sends bearer tokens only over HTTPS, so token tests need `caFile`.
   */
  static async create(server: string, token?: string, caFile?: string): Promise<KubectlRunner> {
    const dir = await Deno.makeTempDir({ prefix: "k8sm-kubectl-" });
    const user = token ? `{token: ${JSON.stringify(token)}}` : "{}";
    await Deno.writeTextFile(
      `${dir}/config`,
      `apiVersion: v1
kind: Config
clusters:
- name: k8sm
  cluster: {server: ${JSON.stringify(server)}${
        caFile ? `, certificate-authority: ${JSON.stringify(caFile)}` : ""
      }}
users:
- name: u
  user: ${user}
contexts:
- name: k8sm
  context: {cluster: k8sm, user: u, namespace: default}
current-context: k8sm
`,
    );
    return new KubectlRunner(dir);
  }

  private command(args: string[], piped: boolean): Deno.Command {
    return new Deno.Command("kubectl", {
      args: ["--cache-dir", `${this.dir}/cache`, ...args],
      env: { KUBECONFIG: `${this.dir}/config`, HOME: this.dir, NO_COLOR: "1" },
      stdin: "null",
      stdout: "piped",
      stderr: piped ? "piped" : "null",
    });
  }

  /** Writes a manifest file into the runner's temp dir and returns its path. */
  async file(name: string, text: string): Promise<string> {
    const path = `${this.dir}/${name}`;
    await Deno.writeTextFile(path, text);
    return path;
  }

  /** Runs kubectl to completion. */
  async run(...args: string[]): Promise<KubectlResult> {
    const out = await this.command(args, true).output();
    const d = new TextDecoder();
    return { code: out.code, stdout: d.decode(out.stdout), stderr: d.decode(out.stderr) };
  }

  /** Runs kubectl and returns stdout; throws with stderr when it fails. */
  async ok(...args: string[]): Promise<string> {
    const r = await this.run(...args);
    if (r.code !== 0) {
      throw new Error(`kubectl ${args.join(" ")} exited ${r.code}:\n${r.stderr}${r.stdout}`);
    }
    return r.stdout;
  }

  /** Starts kubectl in the background, collecting stdout. */
  spawn(...args: string[]): KubectlProcess {
    const child = this.command(args, false).spawn();
    let text = "";
    const listeners = new Set<() => void>();
    const pump = (async () => {
      const decoder = new TextDecoder();
      for await (const chunk of child.stdout) {
        text += decoder.decode(chunk, { stream: true });
        listeners.forEach((l) => l());
      }
    })();
    return {
      waitFor(re, what, ms = 20_000) {
        if (re.test(text)) return Promise.resolve();
        return new Promise((resolve, reject) => {
          const check = () => {
            if (!re.test(text)) return;
            clearTimeout(timer);
            listeners.delete(check);
            resolve();
          };
          const timer = setTimeout(() => {
            listeners.delete(check);
            reject(
              new Error(`kubectl ${args.join(" ")}: no ${what} within ${ms} ms; output:\n${text}`),
            );
          }, ms);
          listeners.add(check);
        });
      },
      async stop() {
        try {
          child.kill("SIGTERM");
        } catch {
          // already exited
        }
        await child.status;
        await pump;
      },
    };
  }

  /** Removes the temp dir. */
  async cleanup(): Promise<void> {
    await Deno.remove(this.dir, { recursive: true });
  }
}
