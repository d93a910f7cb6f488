/**
 * Issue 10 acceptance: a multi-process cluster wired with the credentials and flags of
 * `k8sm certs init` — mesos-local authenticating frameworks, HTTP and executors; the apiserver
 * with a client CA, static tokens and RBAC; scheduler, controller-manager and proxy each with its
 * own kubeconfig; executors with node-restricted tokens — runs an RC of 3 and a NodePort service
 * end to end through real kubectl. The same scheduler without Mesos or apiserver credentials is
 * refused (401) and says so once; everything stops on SIGTERM leaving no process behind.
 */
import assert from "node:assert/strict";
import type { Pod } from "../../core/api/types/pod.ts";
import type { ObjectMeta } from "../../core/api/object.ts";
import { waitFor } from "../../core/util/wait.ts";
import { requires } from "../_helpers/requirements.ts";
import { freePortRange } from "../_helpers/ports.ts";
import { httpGet } from "../_helpers/k8sm_up.ts";
import { endpointsOf, runningPods } from "../_helpers/story_checks.ts";
import {
  type SecuredCluster,
  startSecuredCluster,
  TOKEN_USER,
} from "../_helpers/secured_cluster.ts";
import { occurrences, processesUnder, spawnComponent } from "../_helpers/component_process.ts";

const APP = "secured-httpd";

/** The RC of examples/process/nginx-controller.yaml, 3 replicas, saying hello on stdout too. */
const RC = `apiVersion: v1
kind: ReplicationController
metadata: {name: ${APP}, labels: {name: ${APP}}}
spec:
  replicas: 3
  selector: {name: ${APP}}
  template:
    metadata:
      labels: {name: ${APP}}
      annotations: {k8s.mesosphere.io/portMapping: wildcard}
    spec:
      containers:
        - name: httpd
          image: busybox
          command:
            - sh
            - -c
            - mkdir -p www && echo "hello from $HOSTNAME" > www/index.html && echo "serving $HOSTNAME" && exec busybox httpd -f -p "\${PORT:-80}" -h www
          ports: [{name: http, containerPort: 80}]
`;

function service(nodePort: number): string {
  return `apiVersion: v1
kind: Service
metadata: {name: ${APP}}
spec:
  type: NodePort
  selector: {name: ${APP}}
  ports: [{name: http, port: 80, targetPort: http, nodePort: ${nodePort}}]
`;
}

/** `curl -s -o BODY -w %{http_code} <args>`: the status code and the body. */
async function curl(...args: string[]): Promise<{ code: number; body: string }> {
  const out = await new Deno.Command("curl", {
    args: ["-sS", "-w", "\n%{http_code}", ...args],
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder().decode(out.stdout);
  const cut = text.lastIndexOf("\n");
  return { code: Number(text.slice(cut + 1)), body: text.slice(0, cut) };
}

type Managed = NonNullable<ObjectMeta["managedFields"]>;

function managers(meta: ObjectMeta): Managed {
  return meta.managedFields ?? [];
}

async function runsEndToEnd(c: SecuredCluster): Promise<string[]> {
  const client = c.adminClient();
  try {
    await Deno.writeTextFile(`${c.dir}/rc.yaml`, RC);
    const nodePort = freePortRange(1, { first: 30000, last: 30999 }).first;
    await Deno.writeTextFile(`${c.dir}/service.yaml`, service(nodePort));
    await c.kubectl("apply", "-f", `${c.dir}/rc.yaml`);
    await c.kubectl("apply", "-f", `${c.dir}/service.yaml`);
    const pods = await runningPods(client, `name=${APP}`, 3);
    const names = pods.map((p) => p.metadata.name!);
    const addresses = await endpointsOf(client, APP, pods);
    assert.equal(addresses.length, 3);
    const answers = new Set<string>();
    await waitFor(async () => {
      const body = (await httpGet(nodePort)).trim();
      if (body.startsWith("hello from ")) answers.add(body.slice("hello from ".length));
      return answers.size > 0;
    }, {
      timeoutMs: 30_000,
      intervalMs: 200,
      what: `the service to answer on NodePort ${nodePort}`,
    });
    for (const a of answers) assert.ok(names.includes(a), `answer from unknown pod ${a}`);
    const listed = await c.kubectl("get", "pods", "-l", `name=${APP}`, "-o", "name");
    assert.deepEqual(listed.trim().split("\n").sort(), names.map((n) => `pod/${n}`).sort());
    const log = await waitFor(async () => {
      const text = await c.kubectl("logs", names[0]);
      return text.includes("serving") ? text : undefined;
    }, { timeoutMs: 30_000, intervalMs: 500, what: `kubectl logs ${names[0]}` });
    assert.match(log, new RegExp(`^serving ${names[0]}$`, "m"));
    return names;
  } finally {
    client.close();
  }
}

async function checkIdentities(c: SecuredCluster, names: string[]): Promise<void> {
  const json = async <T>(...args: string[]) =>
    JSON.parse(await c.kubectl("get", ...args, "-o", "json", "--show-managed-fields")) as T;
  const nodes = await json<{ items: { metadata: ObjectMeta }[] }>("nodes");
  assert.ok(nodes.items.length >= 1, "the scheduler registered Nodes");
  for (const n of nodes.items) {
    const by = managers(n.metadata).map((m) => m.manager);
    assert.ok(by.includes("k8sm-scheduler"), `Node ${n.metadata.name} written by ${by}`);
  }
  const nodeNames = new Set(nodes.items.map((n) => n.metadata.name));
  for (const name of names) {
    const pod = await json<Pod>("pod", name);
    const by = managers(pod.metadata).map((m) => m.manager);
    assert.ok(by.includes("k8sm-controller-manager"), `pod ${name} created by ${by}`);
    assert.ok(nodeNames.has(pod.spec?.nodeName), `pod ${name} bound to a registered Node`);
    // Only the executor writes a Running phase and container states, with its node token.
    assert.equal(pod.status?.phase, "Running");
    assert.ok(pod.status?.containerStatuses?.[0]?.state?.running, `pod ${name} container state`);
    assert.ok(pod.status?.podIP, `pod ${name} has a podIP`);
  }
  // The executors got that token through the task data: their command lines carry none.
  const executors = processesUnder(`${c.dir}/exec`).filter((p) => / executor /.test(p));
  assert.ok(executors.length >= 1, "executors run under the cluster's directory");
  for (const e of executors) {
    assert.doesNotMatch(e, /--token|--kubeconfig|--client-certificate|eyJ/, `executor ${e}`);
  }

  // A static token user next to the certificate users, with the bootstrap edit role.
  await c.kubectl(
    "create",
    "rolebinding",
    "token-edit",
    "--clusterrole=edit",
    `--user=${TOKEN_USER}`,
    "--namespace=default",
  );
  const ca = `${c.creds}/tls/ca.crt`;
  const bearer = ["--cacert", ca, "-H", `Authorization: Bearer ${c.token}`];
  const podsUrl = `${c.apiUrl}/api/v1/namespaces/default/pods`;
  assert.equal((await curl("--cacert", ca, podsUrl)).code, 401, "anonymous request");
  const asToken = await waitFor(async () => {
    const r = await curl(...bearer, podsUrl);
    return r.code === 200 ? r : undefined;
  }, { what: `${TOKEN_USER} listing pods with its token` });
  assert.equal((JSON.parse(asToken.body) as { items: Pod[] }).items.length, 3);
  assert.equal(
    (await curl(...bearer, `${c.apiUrl}/api/v1/nodes`)).code,
    403,
    "edit lists no nodes",
  );

  // The Mesos operator view: authenticated, and free of node tokens and task data.
  const state = `${c.mesosUrl}/state`;
  assert.equal((await curl(state)).code, 401, "anonymous /state");
  const authed = await curl("-u", `${c.mesosPrincipal}:${c.mesosSecret}`, state);
  assert.equal(authed.code, 200);
  assert.doesNotMatch(authed.body, /eyJ/, "/state carries no JWT");
  const doc = JSON.parse(authed.body) as {
    frameworks: { tasks: Record<string, unknown>[] }[];
  };
  const tasks = doc.frameworks.flatMap((f) => f.tasks);
  assert.ok(tasks.length >= 3, `three tasks in /state, saw ${tasks.length}`);
  for (const t of tasks) assert.ok(!("data" in t), `task ${t.id} shows its data in /state`);
}

/** The scheduler's arguments without the flags whose name starts with one of `prefixes`. */
function without(args: string[], ...prefixes: string[]): string[] {
  return args.filter((a) => !prefixes.some((p) => a.startsWith(p)));
}

/**
 * Runs `args` as a scheduler at -v=2, waits for `line` and then for two more refusals logged
 * at debug level (`retry`), and asserts that `line` itself was logged exactly once.
 */
async function refusedOnce(
  c: SecuredCluster,
  name: string,
  args: string[],
  line: RegExp,
  retry: string,
): Promise<void> {
  const p = spawnComponent(name, ["--v=2", ...args], { HOME: c.dir });
  try {
    const first = (await p.waitForLog(line, "the refusal line", 60_000))[0];
    await waitFor(() => occurrences(p.log(), retry) >= 2, {
      timeoutMs: 30_000,
      intervalMs: 100,
      what: `${name} to retry twice ("${retry}")`,
    });
    const lines = p.log().split("\n").filter((l) => l.includes(first) && !l.includes(retry));
    assert.equal(lines.length, 1, `the refusal is logged once:\n${p.log()}`);
  } finally {
    await p.stop("SIGTERM");
  }
}

Deno.test({
  name: "a secured multi-process cluster runs an RC of 3 and a NodePort service; " +
    "schedulers without credentials are refused; everything stops cleanly",
  ...requires("kubectl", "curl", "busybox"),
  fn: async (t) => {
    const c = await startSecuredCluster();
    let stopped = false;
    try {
      let names: string[] = [];
      await t.step("RC of 3 and a NodePort service run end to end over kubectl", async () => {
        names = await runsEndToEnd(c);
      });
      await t.step("every component used its own identity; /state is guarded", async () => {
        await checkIdentities(c, names);
      });
      await t.step(
        "a scheduler without Mesos credentials is refused (401), said once",
        async () => {
          await refusedOnce(
            c,
            "scheduler-without-mesos-credentials",
            without(c.schedulerArgs, "--mesos-authentication-"),
            /Mesos master at \S+ refused the framework's credentials \(401\): none were given[^\n]*/,
            "still refused",
          );
        },
      );
      await t.step(
        "a scheduler without an apiserver credential is refused (401), said once",
        async () => {
          await refusedOnce(
            c,
            "scheduler-without-api-credential",
            [
              ...without(c.schedulerArgs, "--kubeconfig"),
              `--api-servers=${c.apiUrl}`,
              `--certificate-authority=${c.creds}/tls/ca.crt`,
            ],
            /the API server \S+ refused our credentials \(401 Unauthorized\)[^\n]*/,
            "failed again (unauthorized)",
          );
        },
      );
      await t.step("SIGTERM stops every component, executor and pod process", async () => {
        stopped = true;
        const codes = await c.stop();
        for (const [name, code] of Object.entries(codes)) {
          assert.equal(code, 0, `${name} exited with ${code}`);
        }
        await waitFor(() => processesUnder(c.dir).length === 0, {
          timeoutMs: 30_000,
          what: `no process left under ${c.dir}`,
        }).catch((e) => {
          throw new Error(`${(e as Error).message}; left: ${processesUnder(c.dir).join("; ")}`);
        });
      });
    } finally {
      if (!stopped) await c.stop().catch((e) => console.error((e as Error).message));
      // After a failure, leave nothing running: SIGKILL what is left (pods, executors).
      for (const p of processesUnder(c.dir)) {
        try {
          Deno.kill(Number(p.split(" ")[0]), "SIGKILL");
        } catch {
          // ended meanwhile
        }
      }
      await Deno.remove(c.dir, { recursive: true }).catch(() => {});
    }
  },
});
