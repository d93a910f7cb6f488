/** The EncryptionConfiguration reader: accepted files, and refusals naming the field path. */
import assert from "node:assert/strict";
import {
  EncryptionConfigError,
  loadEncryptionConfig,
  parseEncryptionConfig,
} from "../../../../core/storage/encryption/encryption_config.ts";

const KEY32 = btoa("k".repeat(32));

function problems(text: string): string[] {
  try {
    parseEncryptionConfig(text, "test.yaml");
  } catch (e) {
    assert.ok(e instanceof EncryptionConfigError, String(e));
    return e.problems;
  }
  throw new Error("the config was accepted");
}

const head = "apiVersion: apiserver.config.k8s.io/v1\nkind: EncryptionConfiguration\n";

Deno.test("encryption config: every provider kind is read, keys decoded, order kept", () => {
  const config = parseEncryptionConfig(
    `${head}resources:
  - resources: [secrets, configmaps]
    providers:
      - aesgcm: {keys: [{name: k1, secret: ${btoa("a".repeat(16))}}]}
      - aescbc: {keys: [{name: k2, secret: ${KEY32}}]}
      - secretbox: {keys: [{name: k3, secret: ${KEY32}}]}
      - identity: {}
  - resources: ["*.apps"]
    providers: [{identity: {}}]
`,
    "test.yaml",
  );
  assert.deepEqual(config.rules.map((r) => r.resources), [["secrets", "configmaps"], ["*.apps"]]);
  assert.deepEqual(config.rules[0].providers.map((p) => p.type), [
    "aesgcm",
    "aescbc",
    "secretbox",
    "identity",
  ]);
  const first = config.rules[0].providers[0];
  assert.ok(first.type === "aesgcm");
  assert.equal(first.keys[0].name, "k1");
  assert.equal(first.keys[0].secret.length, 16);
});

Deno.test("encryption config: bad files are refused naming the field path", () => {
  assert.deepEqual(
    problems(`${head}resources:
  - resources: [secrets]
    providers:
      - aesgcm: {keys: [{name: k1, secret: ${btoa("short")}}]}
`),
    [
      'resources[0].providers[0].aesgcm.keys[0].secret: Invalid value: "REDACTED": secret is ' +
      "not of the expected length, got 5, expected one of [16 24 32]",
    ],
  );
  assert.deepEqual(
    problems(`${head}resources:
  - resources: [secrets]
    providers:
      - secretbox: {keys: [{name: k1, secret: "not base64!"}, {secret: ${KEY32}}]}
      - {aescbc: {keys: [{name: a, secret: ${KEY32}}]}, identity: {}}
      - {}
`),
    [
      'resources[0].providers[0].secretbox.keys[0].secret: Invalid value: "REDACTED": secrets ' +
      "must be base64 encoded",
      "resources[0].providers[0].secretbox.keys[1].name: Required value: name is a mandatory " +
      "field for a key",
      "resources[0].providers[1]: Invalid value: more than one provider specified in a single " +
      "element, should split into different list elements",
      "resources[0].providers[2]: Invalid value: provider does not contain any of the expected " +
      "providers: KMS, AESGCM, AESCBC, Secretbox, Identity",
    ],
  );
  assert.deepEqual(problems("apiVersion: v1\nkind: Config\n"), [
    'apiVersion: Unsupported value: "v1": supported values: "apiserver.config.k8s.io/v1"',
    'kind: Unsupported value: "Config": supported values: "EncryptionConfiguration"',
    "resources: Required value: at least one resources is required",
  ]);
  assert.deepEqual(
    problems(`${head}resources:
  - resources: [secrets, Secrets]
    providers: []
  - resources: [secrets]
    providers: [{kms: {name: x}}]
`),
    [
      'resources[0].resources[1]: Invalid value: "Secrets": resource name must be lowercase, ' +
      'as "secrets", "deployments.apps", "*.apps", "*." or "*.*"',
      "resources[0].providers: Required value: at least one providers is required",
      'resources[1].resources[0]: Duplicate value: "secrets": the resource "secrets" is duplicated',
      "resources[1].providers[0].kms: Forbidden: kms providers are not supported by k8sm; use " +
      "aesgcm, aescbc or secretbox",
    ],
  );
});

Deno.test("encryption config: a missing file is an error naming the path", async () => {
  await assert.rejects(
    () => loadEncryptionConfig("/nonexistent/enc.yaml"),
    /invalid encryption provider config \/nonexistent\/enc\.yaml: cannot read the file/,
  );
});
