/**
 * What each built-in Secret type requires of its data, as kube-apiserver's ValidateSecret
 * checks it: service-account-token needs the service account annotation, dockercfg and
 * dockerconfigjson a JSON object under their key, basic-auth a username or password, ssh-auth
 * a private key, tls both tls.crt and tls.key. Opaque, bootstrap tokens and custom types have
 * no required keys at the apiserver (bootstrap tokens are checked by their authenticator).
 */
import { Buffer } from "node:buffer";
import { type FieldError, fieldInvalid, fieldRequired } from "../field_error.ts";
import { SECRET_KEYS as K, SECRET_TYPES as T } from "../types/secret.ts";
import { mapKey } from "./checker.ts";
import { base64DecodedLength, decodeBase64Strict } from "./config_data.ts";

const REDACTED = "<secret contents redacted>";

/** Why `bytes` is not a JSON object, in the words of Go's json.Unmarshal; "" when it is one. */
function jsonObjectProblem(bytes: Uint8Array): string {
  const text = Buffer.from(bytes).toString("utf8");
  if (text.trim() === "") return "unexpected end of JSON input";
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return `invalid JSON: ${e instanceof Error ? e.message : String(e)}`;
  }
  if (typeof value === "object" && value !== null && !Array.isArray(value)) return "";
  const kind = Array.isArray(value) ? "array" : value === null ? "" : typeof value;
  return kind === ""
    ? ""
    : `json: cannot unmarshal ${kind} into Go value of type map[string]interface {}`;
}

/** The errors of a Secret's type-specific rules; `data` is the merged, base64 data map. */
export function validateSecretType(
  type: string,
  data: Record<string, string>,
  annotations: Record<string, string>,
): FieldError[] {
  const path = (key: string) => mapKey("data", key);
  const has = (key: string) => key in data;
  switch (type) {
    case T.serviceAccountToken:
      return annotations[K.serviceAccountName]
        ? []
        : [fieldRequired(mapKey("metadata.annotations", K.serviceAccountName))];
    case T.dockercfg:
    case T.dockerConfigJson: {
      const key = type === T.dockercfg ? K.dockercfg : K.dockerConfigJson;
      if (!has(key)) return [fieldRequired(path(key))];
      const problem = jsonObjectProblem(decodeBase64Strict(data[key]));
      return problem === "" ? [] : [fieldInvalid(path(key), REDACTED, problem)];
    }
    case T.basicAuth:
      return has(K.username) || has(K.password)
        ? []
        : [fieldRequired(path(K.username)), fieldRequired(path(K.password))];
    case T.sshAuth:
      return has(K.sshPrivateKey) && base64DecodedLength(data[K.sshPrivateKey]) > 0
        ? []
        : [fieldRequired(path(K.sshPrivateKey))];
    case T.tls:
      return [K.tlsCert, K.tlsKey].filter((k) => !has(k)).map((k) => fieldRequired(path(k)));
    default:
      return [];
  }
}
