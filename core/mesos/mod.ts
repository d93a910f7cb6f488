/**
 * Mesos v1 protocol library: hand-written schema, protobuf and JSON codecs, RecordIO framing,
 * resource arithmetic, and the scheduler and executor HTTP clients.
 */
export * from "./schema/mesos_schema.ts";
export * from "./codec.ts";
export * from "./message_check.ts";
export * from "./mesos_json.ts";
export * from "./content_type.ts";
export * from "./recordio.ts";
export * from "./ranges.ts";
export * from "./resources.ts";
export * from "./resource_query.ts";
export * from "./resource_text.ts";
export * from "./async_queue.ts";
export * from "./master_url.ts";
export * from "./scheduler_types.ts";
export * from "./scheduler_options.ts";
export * from "./scheduler_client.ts";
export * from "./secret_file.ts";
export * from "./mesos_duration.ts";
export * from "./executor_env.ts";
export * from "./executor_types.ts";
export * from "./executor_client.ts";
export * from "./scheduler_calls.ts";
export * from "./task_state.ts";
export * from "./scripted_connections.ts";
export * from "./local/mod.ts";
