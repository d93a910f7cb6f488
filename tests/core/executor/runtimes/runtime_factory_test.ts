import assert from "node:assert/strict";
import {
  createRuntime,
  dockerAvailable,
  infraCommandArgv,
} from "../../../../core/executor/runtimes/runtime_factory.ts";
import { podmanSkipReason, startPodman } from "../../../_helpers/podman.ts";

Deno.test("createRuntime builds the runtime the flags name", async () => {
  const docker = createRuntime({ dockerEndpoint: "unix:///nonexistent/k8sm.sock" });
  assert.equal(docker.name, "docker");
  await docker.close();
  const root = await Deno.makeTempDir({ prefix: "k8sm-factory-" });
  const proc = createRuntime({ containerRuntime: "process", processRoot: root });
  assert.equal(proc.name, "process");
  const info = await proc.ensureSandbox({ metadata: { uid: "u1", name: "p" } }, {});
  assert.equal(info.id, `${root}/pods/u1`);
  await proc.removeSandbox("u1", 0);
  await proc.close();
  await Deno.remove(root, { recursive: true });
  assert.throws(() => createRuntime({ containerRuntime: "rkt" }), /use one of docker, process/);
});

Deno.test("infraCommandArgv splits a command line", () => {
  assert.deepEqual(infraCommandArgv("sleep  2147483647 "), ["sleep", "2147483647"]);
  assert.deepEqual(infraCommandArgv(["/pause"]), ["/pause"]);
  assert.equal(infraCommandArgv(""), undefined);
  assert.equal(infraCommandArgv(undefined), undefined);
});

Deno.test("dockerAvailable: false for a missing socket, true for podman's service", {
  ignore: !!podmanSkipReason(),
}, async () => {
  assert.equal(await dockerAvailable("unix:///nonexistent/k8sm.sock"), false);
  const pm = await startPodman();
  try {
    assert.equal(await dockerAvailable(pm.dockerHost), true);
  } finally {
    await pm.stop();
  }
});
