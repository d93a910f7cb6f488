import assert from "node:assert/strict";
import { fieldTypeError } from "../../../core/apiserver/field_types.ts";

const pod = (spec: Record<string, unknown>) => ({
  kind: "Pod",
  metadata: { name: "p" },
  spec: { containers: [{ name: "c", image: "i", ...spec }] },
});

Deno.test("fieldTypeError names the Go field and type of a value that does not fit", () => {
  assert.equal(
    fieldTypeError("ReplicationController", { spec: { selector: "x" } }),
    "json: cannot unmarshal string into Go struct field ReplicationControllerSpec.spec.selector " +
      "of type map[string]string",
  );
  assert.equal(
    fieldTypeError("ReplicationController", { spec: { replicas: 2 ** 31 } }),
    "json: cannot unmarshal number 2147483648 into Go struct field " +
      "ReplicationControllerSpec.spec.replicas of type int32",
  );
  assert.match(
    fieldTypeError("Pod", pod({ ports: [{ containerPort: "80" }] })) ?? "",
    /unmarshal string into Go struct field ContainerPort\.spec\.containers\.ports\.containerPort of type int32/,
  );
  assert.match(
    fieldTypeError("Pod", pod({ livenessProbe: { httpGet: { port: 1.5 } } })) ?? "",
    /number 1\.5 .*HTTPGetAction\.spec\.containers\.livenessProbe\.httpGet\.port of type intstr/,
  );
  assert.match(
    fieldTypeError("Service", { spec: { ports: "x" } }) ?? "",
    /ServiceSpec\.spec\.ports of type \[\]v1\.ServicePort/,
  );
});

Deno.test("fieldTypeError accepts fitting values, nulls, int-or-strings and unknown kinds", () => {
  assert.equal(fieldTypeError("Pod", pod({ ports: [{ containerPort: 2 ** 31 - 1 }] })), undefined);
  assert.equal(
    fieldTypeError("Pod", pod({ livenessProbe: { httpGet: { port: "http" } }, env: null })),
    undefined,
  );
  assert.equal(
    fieldTypeError("Service", { spec: { ports: [{ port: 80, targetPort: "web" }] } }),
    undefined,
  );
  assert.equal(
    fieldTypeError("Pod", { spec: { terminationGracePeriodSeconds: 2 ** 40 } }),
    undefined,
  );
  assert.equal(fieldTypeError("Widget", { spec: { replicas: "x" } }), undefined);
});
