import assert from "node:assert/strict";
import { loadManifests, parseManifests } from "../../../core/client/manifest_loader.ts";

async function withDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "k8sm-manifests-" });
  try {
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

const POD =
  "apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\nspec:\n  containers: [{name: c, image: busybox}]\n";

Deno.test("manifests: YAML multi-document, JSON and List kinds are flattened in order", () => {
  const yaml =
    `${POD}---\n# comment only\n---\napiVersion: v1\nkind: List\nitems:\n- {apiVersion: v1, kind: Service, metadata: {name: s}}\n- {apiVersion: v1, kind: Pod, metadata: {name: b}}\n`;
  const objs = parseManifests(yaml, "x.yaml").map((m) =>
    `${m.object.kind}/${(m.object.metadata as { name: string }).name}`
  );
  assert.deepEqual(objs, ["Pod/a", "Service/s", "Pod/b"]);
  const json = parseManifests(
    JSON.stringify({ kind: "Pod", apiVersion: "v1", metadata: { name: "j" } }),
    "p.json",
  );
  assert.equal(json[0].source, "p.json");
  assert.equal(json[0].object.kind, "Pod");
});

Deno.test("manifests: invalid YAML names the file and the line", () => {
  const bad = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n  labels: {a: 1\nspec: {}\n";
  assert.throws(() => parseManifests(bad, "bad.yaml"), (e: Error) => {
    assert.match(e.message, /^error parsing bad\.yaml: line \d+: /);
    return true;
  });
  const tab = "kind: Pod\nmetadata:\n\tname: x\n";
  assert.throws(() => parseManifests(tab, "tab.yaml"), /error parsing tab\.yaml: line 3: /);
  assert.throws(
    () => parseManifests("- a\n- b\n", "list.yaml"),
    /error parsing list\.yaml: line 1: expected an object/,
  );
});

Deno.test("manifests: files, recursive directories, stdin and a missing path", async () => {
  await withDir(async (dir) => {
    await Deno.mkdir(`${dir}/sub/deeper`, { recursive: true });
    await Deno.writeTextFile(`${dir}/b.yaml`, POD.replace("name: a", "name: b"));
    await Deno.writeTextFile(
      `${dir}/a.json`,
      JSON.stringify({ apiVersion: "v1", kind: "Pod", metadata: { name: "a" } }),
    );
    await Deno.writeTextFile(`${dir}/notes.txt`, "not a manifest");
    await Deno.writeTextFile(`${dir}/sub/deeper/c.yml`, POD.replace("name: a", "name: c"));
    const names = (await loadManifests([dir])).map((m) =>
      (m.object.metadata as { name: string }).name
    );
    assert.deepEqual(names, ["a", "b", "c"]);
    const fromStdin = await loadManifests(["-"], () => Promise.resolve(POD));
    assert.equal(fromStdin[0].source, "stdin");
    await assert.rejects(() => loadManifests([`${dir}/x.yaml`]), {
      message: `the path "${dir}/x.yaml" does not exist`,
    });
    await Deno.writeTextFile(`${dir}/empty.yaml`, "---\n");
    await assert.rejects(() => loadManifests([`${dir}/empty.yaml`]), /no objects passed/);
  });
});
