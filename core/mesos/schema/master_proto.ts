/**
 * Mesos v1 protobuf schema (proto2) of the operator side: the `mesos.v1` messages the operator
 * API returns (Task, Flag, VersionInfo, Metric, Role, machines and draining),
 * `google.protobuf.Duration`, `mesos.v1.allocator`, `mesos.v1.maintenance` and the master API
 * `mesos.v1.master` (Call, Response, Event). Written for k8sm from apache/mesos 1.12's field
 * numbers, labels and defaults (include/mesos/v1/master/master.proto and its imports). Left out:
 * quota, files, GET_OPERATIONS' Operation and resource providers, which mesos-local never fills.
 */
export const MESOS_OPERATOR_PROTO = `syntax = "proto2";
package mesos.v1;

message Task {
  required string name = 1;
  required .mesos.v1.TaskID task_id = 2;
  required .mesos.v1.FrameworkID framework_id = 3;
  optional .mesos.v1.ExecutorID executor_id = 4;
  required .mesos.v1.AgentID agent_id = 5;
  required .mesos.v1.TaskState state = 6;
  repeated .mesos.v1.Resource resources = 7;
  repeated .mesos.v1.TaskStatus statuses = 8;
  optional .mesos.v1.TaskState status_update_state = 9;
  optional bytes status_update_uuid = 10;
  optional .mesos.v1.Labels labels = 11;
  optional .mesos.v1.DiscoveryInfo discovery = 12;
  optional .mesos.v1.ContainerInfo container = 13;
  optional .mesos.v1.HealthCheck health_check = 15;
  optional .mesos.v1.KillPolicy kill_policy = 16;
  optional string user = 14;
  map<string, .mesos.v1.Value.Scalar> limits = 17;
}

message Flag {
  required string name = 1;
  optional string value = 2;
}

message VersionInfo {
  required string version = 1;
  optional string build_date = 2;
  optional double build_time = 3;
  optional string build_user = 4;
  optional string git_sha = 5;
  optional string git_branch = 6;
  optional string git_tag = 7;
}

message Metric {
  required string name = 1;
  optional double value = 2;
}

message WeightInfo {
  required double weight = 1;
  optional string role = 2;
}

message Role {
  required string name = 1;
  required double weight = 2;
  repeated .mesos.v1.FrameworkID frameworks = 3;
  repeated .mesos.v1.Resource resources = 4;
}

message MachineID {
  optional string hostname = 1;
  optional string ip = 2;
}

message MachineInfo {
  enum Mode {
    UP = 1;
    DRAINING = 2;
    DOWN = 3;
  }
  required .mesos.v1.MachineID id = 1;
  optional .mesos.v1.MachineInfo.Mode mode = 2;
  optional .mesos.v1.Unavailability unavailability = 3;
}

enum DrainState {
  UNKNOWN = 0;
  DRAINING = 1;
  DRAINED = 2;
}

message DrainConfig {
  optional .mesos.v1.DurationInfo max_grace_period = 1;
  optional bool mark_gone = 2 [default = false];
}

message DrainInfo {
  required .mesos.v1.DrainState state = 1;
  required .mesos.v1.DrainConfig config = 2;
}
`;

/** `google.protobuf.Duration` (DRAIN_AGENT's max_grace_period). */
export const GOOGLE_DURATION_PROTO = `syntax = "proto3";
package google.protobuf;

message Duration {
  int64 seconds = 1;
  int32 nanos = 2;
}
`;

/** `mesos.v1.allocator` and `mesos.v1.maintenance`. */
export const MAINTENANCE_PROTO = `syntax = "proto2";
package mesos.v1.maintenance;

message Window {
  repeated .mesos.v1.MachineID machine_ids = 1;
  required .mesos.v1.Unavailability unavailability = 2;
}

message Schedule {
  repeated .mesos.v1.maintenance.Window windows = 1;
}

message ClusterStatus {
  message DrainingMachine {
    required .mesos.v1.MachineID id = 1;
    repeated .mesos.v1.allocator.InverseOfferStatus statuses = 2;
  }
  repeated .mesos.v1.maintenance.ClusterStatus.DrainingMachine draining_machines = 1;
  repeated .mesos.v1.MachineID down_machines = 2;
}
`;

/** `mesos.v1.allocator.InverseOfferStatus`. */
export const ALLOCATOR_PROTO = `syntax = "proto2";
package mesos.v1.allocator;

message InverseOfferStatus {
  enum Status {
    UNKNOWN = 1;
    ACCEPT = 2;
    DECLINE = 3;
  }
  required .mesos.v1.allocator.InverseOfferStatus.Status status = 1;
  required .mesos.v1.FrameworkID framework_id = 2;
  required .mesos.v1.TimeInfo timestamp = 3;
}
`;
