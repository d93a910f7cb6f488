/**
 * `k8sm scheduler --executor`: `--help` states what `--executor=default` lacks, and a value
 * other than k8sm or default is one clear line with exit code 2.
 */
import assert from "node:assert/strict";
import { runK8sm } from "./cli_runner.ts";

Deno.test("k8sm scheduler --help lists the kubelet features --executor=default lacks; --executor=bogus exits 2", async () => {
  const help = await runK8sm(["scheduler", "--help"]);
  assert.equal(help.code, 0, help.stderr);
  assert.match(help.stdout, /--executor <kind>/);
  for (const lacking of [/probes/, /kubectl exec, logs, attach/, /volumes/, /container images/]) {
    assert.match(help.stdout, lacking);
  }
  const bad = await runK8sm(["scheduler", "--executor=bogus"]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /k8sm scheduler: --executor "bogus" must be k8sm or default/);
});
