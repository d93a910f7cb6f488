import assert from "node:assert/strict";
import { runK8sm } from "./cli_runner.ts";

Deno.test("k8sm executor --help says plainly that the process runtime isolates nothing", async () => {
  const r = await runK8sm(["executor", "--help"]);
  assert.equal(r.code, 0);
  const help = r.stdout.replace(/\s+/g, " ");
  assert.match(help, /--container-runtime <kind>/);
  assert.match(help, /NO isolation/);
  for (
    const flag of [
      "--api-servers",
      "--docker-endpoint",
      "--pod-infra-image",
      "--pod-infra-command",
      "--kubelet-port",
      "--suicide-timeout",
      "--crash-loop-backoff-max",
      "--root-dir",
    ]
  ) {
    assert.ok(help.includes(flag), `${flag} is documented`);
  }
});

Deno.test("k8sm executor outside a Mesos agent exits with one clear line", async () => {
  const r = await runK8sm(["executor", "--container-runtime=process"]);
  assert.equal(r.code, 1);
  const lines = r.stderr.trim().split("\n");
  assert.equal(lines.length, 1, r.stderr);
  assert.match(
    lines[0],
    /^k8sm executor: MESOS_\w+ is not set: the executor must be started by a Mesos agent/,
  );
});

Deno.test("k8sm executor rejects an unknown runtime and a bad port before starting", async () => {
  const a = await runK8sm(["executor", "--container-runtime=rkt"]);
  assert.equal(a.code, 2);
  assert.match(a.stderr, /--container-runtime "rkt" is not docker or process/);
  const b = await runK8sm(["executor", "--kubelet-port=99999"]);
  assert.equal(b.code, 2);
  assert.match(b.stderr, /--kubelet-port "99999" is not a port number/);
  const c = await runK8sm(["executor", "--suicide-timeout=soon"]);
  assert.equal(c.code, 2);
  assert.match(c.stderr, /--suicide-timeout: invalid duration "soon"/);
});
