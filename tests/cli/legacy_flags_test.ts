import assert from "node:assert/strict";
import { normalizeLegacyFlags } from "../../cli/legacy_flags.ts";

Deno.test("legacy Go-style flags become kebab-case long flags", () => {
  assert.deepEqual(
    normalizeLegacyFlags([
      "apiserver",
      "-etcd_servers=http://a:4001",
      "-portal_net=10.10.10.0/24",
      "-port=8888",
      "-v=2",
      "-address",
      "1.2.3.4",
    ]),
    [
      "apiserver",
      "--etcd-servers=http://a:4001",
      "--portal-net=10.10.10.0/24",
      "--port=8888",
      "--v=2",
      "--address",
      "1.2.3.4",
    ],
  );
});

Deno.test("short flags and arguments after -- are left alone", () => {
  assert.deepEqual(
    normalizeLegacyFlags(["get", "-n", "x", "-ojson", "-l", "a=b", "-v", "--", "-etcd_servers=x"]),
    ["get", "-n", "x", "-ojson", "-l", "a=b", "-v", "--", "-etcd_servers=x"],
  );
});

Deno.test("glog flags: booleans take Go's =true/=false, the others become long flags", () => {
  assert.deepEqual(
    normalizeLegacyFlags([
      "apiserver",
      "-logtostderr=true",
      "-alsologtostderr=false",
      "--logtostderr=0",
      "-logtostderr",
      "-stderrthreshold=WARNING",
      "-vmodule=scheduler=3",
      "-log_dir=/var/log/k8sm",
    ]),
    [
      "apiserver",
      "--logtostderr",
      "--no-alsologtostderr",
      "--no-logtostderr",
      "--logtostderr",
      "--stderrthreshold=WARNING",
      "--vmodule=scheduler=3",
      "--log-dir=/var/log/k8sm",
    ],
  );
});
