/** core/v1 ConfigMap: non-secret configuration as string and binary key/value pairs. */
import type { KubeList, KubeObject } from "../object.ts";

/** core/v1 ConfigMap. */
export interface ConfigMap extends KubeObject {
  /** UTF-8 values by key. */
  data?: Record<string, string>;
  /** Binary values by key, base64-encoded; keys may not also be in `data`. */
  binaryData?: Record<string, string>;
  /** When true, `data` and `binaryData` can no longer change. */
  immutable?: boolean;
}

/** core/v1 ConfigMapList. */
export type ConfigMapList = KubeList<ConfigMap>;
