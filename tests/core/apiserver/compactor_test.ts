import assert from "node:assert/strict";
import { jsonBody, openWatch, startTestApiServer, testPod } from "../../_helpers/apiserver.ts";
import { waitFor } from "../../../core/util/wait.ts";

Deno.test("the compactor drops history older than one interval; watches from there get 410", async () => {
  const t = await startTestApiServer("sqlite", { compactionIntervalMs: 30 });
  try {
    const c = await t.json("/api/v1/namespaces/default/pods", jsonBody("POST", testPod("a")));
    const rv = (c.body.metadata as Record<string, string>).resourceVersion;
    const patch = (n: number) =>
      t.json(
        "/api/v1/namespaces/default/pods/a",
        jsonBody(
          "PATCH",
          { metadata: { labels: { n: String(n) } } },
          "application/merge-patch+json",
        ),
      );
    let n = 0;
    const code = await waitFor(async () => {
      await patch(n++); // keep history moving so there is something to compact
      const w = await openWatch(t, `/api/v1/namespaces/default/pods?watch=1&resourceVersion=${rv}`);
      try {
        const ev = await w.next();
        return ev?.type === "ERROR" ? ev.object.code : false;
      } finally {
        await w.close();
      }
    }, { what: "a 410 for a compacted resourceVersion", timeoutMs: 15_000 });
    assert.equal(code, 410);
    const latest = await t.json("/api/v1/namespaces/default/pods");
    assert.equal((latest.body.items as unknown[]).length, 1, "compaction keeps current objects");
  } finally {
    await t.stop();
  }
});
