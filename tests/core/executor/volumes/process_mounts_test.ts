/**
 * The host-wide mount-point registry of the process runtime: a mount point one pod created
 * survives that pod while another pod (even of another executor) mounts there, and goes with
 * the last of them; two pods removed at once leave nothing; a crashed sandbox's leftovers go
 * with the next removal.
 */
import assert from "node:assert/strict";
import {
  planProcessMounts,
  removeMountPoints,
} from "../../../../core/executor/volumes/process_mounts.ts";

const exists = (p: string) => Deno.lstat(p).then(() => true, () => false);

async function setup() {
  const dir = await Deno.makeTempDir({ prefix: "k8sm-mountpoints-" });
  const registry = `${dir}/registry`;
  const sandbox = async (name: string) => {
    await Deno.mkdir(`${dir}/pods/${name}`, { recursive: true });
    return `${dir}/pods/${name}`;
  };
  const plan = (sb: string, target: string) =>
    planProcessMounts(sb, [{ source: dir, target, readOnly: false }], true, registry);
  return { dir, registry, sandbox, plan };
}

Deno.test({
  name: "mount points: kept while another pod mounts there, removed with the last one",
  ignore: Deno.uid() !== 0,
  fn: async () => {
    const { dir, registry, sandbox, plan } = await setup();
    try {
      const target = `${dir}/host/a/b`;
      const a = await sandbox("a");
      const b = await sandbox("b");
      assert.deepEqual((await plan(a, target)).prefix.slice(0, 2), ["unshare", "-m"]);
      await plan(b, target);
      assert.ok(await exists(target));
      await Deno.remove(a, { recursive: true });
      await removeMountPoints(a, registry);
      assert.ok(await exists(target), "still b's mount target");
      await Deno.remove(b, { recursive: true });
      await removeMountPoints(b, registry);
      assert.equal(await exists(`${dir}/host`), false, "removed with the last pod");
      assert.deepEqual([...Deno.readDirSync(registry)], [], "no record left");
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test({
  name: "mount points: two pods removed at once, and a crashed sandbox's leftovers",
  ignore: Deno.uid() !== 0,
  fn: async () => {
    const { dir, registry, sandbox, plan } = await setup();
    try {
      const shared = `${dir}/host/shared`;
      const c = await sandbox("c");
      const d = await sandbox("d");
      await plan(c, shared);
      await plan(d, shared);
      await Promise.all([c, d].map((s) => Deno.remove(s, { recursive: true })));
      await Promise.all([removeMountPoints(c, registry), removeMountPoints(d, registry)]);
      assert.equal(await exists(`${dir}/host`), false, "nothing left after a joint removal");

      const crashed = await sandbox("crashed");
      await plan(crashed, `${dir}/left/over`);
      await Deno.remove(crashed, { recursive: true }); // its executor died: no removal ran
      const next = await sandbox("next");
      await plan(next, `${dir}/elsewhere`);
      await Deno.remove(next, { recursive: true });
      await removeMountPoints(next, registry);
      assert.equal(await exists(`${dir}/left`), false, "the crashed sandbox's mount point");
      assert.deepEqual([...Deno.readDirSync(registry)], []);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});
