/**
 * `k8sm up --encryption-provider-config`: a Secret created through the CLI is stored in up's
 * sqlite file as an aesgcm envelope (read after up stops, since up holds the file), and reads
 * back plain when up is started again on the same data.
 */
import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import { DatabaseSync } from "node:sqlite";
import { startUp } from "../_helpers/k8sm_up.ts";
import { interruptAndCheck } from "../_helpers/story_checks.ts";
import { SQLITE_FILE } from "../../core/storage/open_store.ts";

const SECRET = `apiVersion: v1
kind: Secret
metadata: {name: db}
stringData: {password: hunter2}
`;

Deno.test({
  name: "k8sm up --encryption-provider-config stores secrets encrypted in its sqlite file",
  async fn() {
    const home = await Deno.makeTempDir({ prefix: "k8sm-up-enc-" });
    const config = `${home}/encryption.yaml`;
    await Deno.writeTextFile(
      config,
      `apiVersion: apiserver.config.k8s.io/v1
kind: EncryptionConfiguration
resources:
  - resources: [secrets]
    providers:
      - aesgcm: {keys: [{name: key1, secret: ${btoa("0123456789abcdef")}}]}
      - identity: {}
`,
    );
    await Deno.writeTextFile(`${home}/secret.yaml`, SECRET);
    const args = ["--container-runtime=process", `--encryption-provider-config=${config}`];
    try {
      let up = await startUp(args, home);
      try {
        assert.match(await up.k8sm(["create", "-f", `${home}/secret.yaml`]), /secret\/db created/);
      } finally {
        await interruptAndCheck(up, []);
      }
      const db = new DatabaseSync(`${up.dataDir}/${SQLITE_FILE}`, { readOnly: true });
      const row = db.prepare("SELECT value FROM kv WHERE key = ?").get(
        "/registry/secrets/default/db",
      ) as { value: unknown } | undefined;
      db.close();
      assert.ok(row?.value instanceof Uint8Array, "the secret is stored as bytes");
      const stored = Buffer.from(row.value).toString("latin1");
      assert.ok(stored.startsWith("k8s:enc:aesgcm:v1:key1:"), stored.slice(0, 30));
      assert.ok(!stored.includes("hunter2") && !stored.includes("aHVudGVyMg"));

      up = await startUp(args, home);
      try {
        const yaml = await up.k8sm(["get", "secret", "db", "-o", "yaml"]);
        assert.match(yaml, /password: aHVudGVyMg==/);
      } finally {
        await interruptAndCheck(up, []);
      }
    } finally {
      await Deno.remove(home, { recursive: true });
    }
  },
});
