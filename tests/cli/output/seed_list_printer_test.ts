import assert from "node:assert/strict";
import { renderSeedList, seedListType } from "../../../cli/output/seed_list_printer.ts";
import type { KubeObject } from "../../../core/api/object.ts";

Deno.env.set("NO_COLOR", "1");

const pod: KubeObject = {
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name: "nginx-id-01", labels: { name: "foo" } },
  spec: {
    nodeName: "10.132.189.242",
    containers: [{ name: "nginx-01", image: "dockerfile/nginx" }],
  },
  status: { phase: "Running", hostIP: "10.132.189.242" },
};

Deno.test("seed list: list pods prints the seed README's table", () => {
  const type = seedListType("pods");
  assert.ok(type);
  assert.equal(
    renderSeedList(type, [pod]),
    [
      "ID                  Image(s)            Host                            Labels              Status",
      "----------          ----------          ----------                      ----------          ----------",
      "nginx-id-01         dockerfile/nginx    10.132.189.242/10.132.189.242   name=foo            Running",
    ].join("\n"),
  );
});

Deno.test("seed list: replicationControllers, services and minions, with the seed's spellings", () => {
  const rc = seedListType("replicationControllers");
  assert.ok(rc);
  const text = renderSeedList(rc, [{
    metadata: { name: "nginxController" },
    spec: {
      replicas: 2,
      selector: { name: "nginx" },
      template: { spec: { containers: [{ image: "dockerfile/nginx" }] } },
    },
  }]);
  assert.equal(
    text.split("\n")[0],
    "ID                  Image(s)            Selector            Replicas",
  );
  assert.equal(
    text.split("\n")[2],
    "nginxController     dockerfile/nginx    name=nginx          2",
  );
  assert.equal(seedListType("minions")?.resource, "nodes");
  assert.deepEqual(seedListType("services")?.headers, ["ID", "Labels", "Selector", "Port"]);
  assert.equal(seedListType("deployments"), undefined);
});

Deno.test("seed list: an unscheduled pod shows <unassigned> as its host", () => {
  const type = seedListType("pods");
  assert.ok(type);
  const row = type.row({
    metadata: { name: "p" },
    spec: { containers: [{ image: "a" }, { image: "b" }] },
  });
  assert.deepEqual(row, ["p", "a,b", "<unassigned>", "", "Pending"]);
});
