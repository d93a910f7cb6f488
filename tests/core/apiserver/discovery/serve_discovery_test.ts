import assert from "node:assert/strict";
import { serveDiscovery } from "../../../../core/apiserver/discovery/serve_discovery.ts";
import { AGGREGATED_DISCOVERY_CONTENT_TYPE } from "../../../../core/apiserver/discovery/aggregated_discovery.ts";

/** Real apiserver responses, copied into tests/_fixtures (see its README). */
const SAMPLES = new URL("../../../_fixtures/kubernetes-api/samples/", import.meta.url);
const KUBECTL_ACCEPT = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList," +
  "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json";

async function sample(name: string): Promise<Record<string, unknown>> {
  return JSON.parse(await Deno.readTextFile(new URL(name, SAMPLES)));
}

type Entry = Record<string, unknown> & { subresources?: { subresource: string }[] };

Deno.test("discovery: /api aggregated matches the sample for every served resource", async () => {
  const res = serveDiscovery("/api", KUBECTL_ACCEPT);
  assert.ok(res);
  assert.equal(res.contentType, AGGREGATED_DISCOVERY_CONTENT_TYPE);
  const items = res.body.items as { metadata: unknown; versions: { resources: Entry[] }[] }[];
  assert.equal(items.length, 1);
  assert.deepEqual(items[0].metadata, { creationTimestamp: null });
  const ours = items[0].versions[0].resources;
  for (const r of ours) assert.ok(r.responseKind, `${r.resource} has a responseKind`);
  const want = await sample("aggregated-api.json");
  const wantItems = want.items as { versions: { resources: Entry[] }[] }[];
  for (const w of wantItems[0].versions[0].resources) {
    const o = ours.find((r) => r.resource === w.resource);
    assert.ok(o, `${w.resource} is served`);
    const { subresources: ws, ...wRest } = w;
    const { subresources: os, ...oRest } = o;
    assert.deepEqual(oRest, wRest);
    for (const sub of os ?? []) {
      // k8sm's own subresource: the node TokenRequest its scheduler uses for executors.
      if (w.resource === "nodes" && sub.subresource === "token") continue;
      assert.deepEqual(sub, ws?.find((s) => s.subresource === sub.subresource), sub.subresource);
    }
  }
});

Deno.test("discovery: /apis aggregated lists the served groups; legacy forms otherwise", () => {
  const agg = serveDiscovery("/apis", KUBECTL_ACCEPT);
  assert.equal(agg?.contentType, AGGREGATED_DISCOVERY_CONTENT_TYPE);
  const items = agg?.body.items as { metadata: { name: string } }[];
  assert.ok(items.some((i) => i.metadata.name === "rbac.authorization.k8s.io"));
  const legacyApis = serveDiscovery("/apis", "application/json");
  const rbac = { groupVersion: "rbac.authorization.k8s.io/v1", version: "v1" };
  assert.equal(legacyApis?.body.kind, "APIGroupList");
  const groups = legacyApis?.body.groups as { name: string }[];
  assert.deepEqual(groups.find((g) => g.name === "rbac.authorization.k8s.io"), {
    name: "rbac.authorization.k8s.io",
    versions: [rbac],
    preferredVersion: rbac,
  });
  const legacyApi = serveDiscovery("/api/", "application/json", "10.0.0.1:8080");
  assert.equal(legacyApi?.contentType, "application/json");
  assert.deepEqual(legacyApi?.body, {
    kind: "APIVersions",
    versions: ["v1"],
    serverAddressByClientCIDRs: [{ clientCIDR: "0.0.0.0/0", serverAddress: "10.0.0.1:8080" }],
  });
  assert.equal(serveDiscovery("/api/v2", null), undefined);
  assert.equal(
    serveDiscovery(
      "/api",
      "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList",
    )?.contentType,
    "application/json",
  );
});

Deno.test("discovery: /api/v1 APIResourceList matches the sample's entries", async () => {
  const res = serveDiscovery("/api/v1", KUBECTL_ACCEPT);
  assert.equal(res?.contentType, "application/json");
  const ours = res?.body.resources as Entry[];
  const pods = ours.find((r) => r.name === "pods");
  assert.deepEqual(pods?.shortNames, ["po"]);
  assert.deepEqual(pods?.categories, ["all"]);
  const scale = ours.find((r) => r.name === "replicationcontrollers/scale");
  assert.deepEqual([scale?.kind, scale?.group, scale?.version], ["Scale", "autoscaling", "v1"]);
  const want = await sample("legacy-api-v1.json");
  for (const o of ours) {
    const w: Entry | undefined = (want.resources as Entry[]).find((r) => r.name === o.name);
    if (!w) continue;
    const { storageVersionHash: _a, ...oRest } = o;
    const { storageVersionHash: _b, ...wRest } = w;
    assert.deepEqual(oRest, wRest, String(o.name));
  }
});
