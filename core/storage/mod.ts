/** Storage backends behind one Store contract. */
export * from "./store.ts";
export { MemoryStore, type MemoryStoreOptions } from "./memory_store.ts";
export { SqliteStore, type SqliteStoreOptions } from "./sqlite_store.ts";
export { EtcdStore, type EtcdStoreOptions } from "./etcd_store.ts";
export {
  openStore,
  type OpenStoreOptions,
  parseEtcdEndpoints,
  resolveDataDir,
  SQLITE_FILE,
} from "./open_store.ts";
export { DryRunStore } from "./dry_run_store.ts";
export {
  type EncryptionConfig,
  EncryptionConfigError,
  loadEncryptionConfig,
  parseEncryptionConfig,
} from "./encryption/encryption_config.ts";
export { ValueTransformer, ValueTransformError } from "./encryption/value_transformer.ts";
