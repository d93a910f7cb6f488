/**
 * Mesos v1 protobuf schema (proto2), package `mesos.v1`:
 * tasks, executors, commands, status updates, health and checks.
 * Written for k8sm from the field facts in mesos-v1/FIELDS.md (numbers, labels, defaults, enum
 * order); type references are fully qualified so nested names never shadow top-level ones.
 */
export const MESOS_TASK_PROTO = `syntax = "proto2";
package mesos.v1;

message TaskInfo {
  required string name = 1;
  required .mesos.v1.TaskID task_id = 2;
  required .mesos.v1.AgentID agent_id = 3;
  repeated .mesos.v1.Resource resources = 4;
  optional .mesos.v1.ExecutorInfo executor = 5;
  optional bytes data = 6;
  optional .mesos.v1.CommandInfo command = 7;
  optional .mesos.v1.HealthCheck health_check = 8;
  optional .mesos.v1.ContainerInfo container = 9;
  optional .mesos.v1.Labels labels = 10;
  optional .mesos.v1.DiscoveryInfo discovery = 11;
  optional .mesos.v1.KillPolicy kill_policy = 12;
  optional .mesos.v1.CheckInfo check = 13;
  optional .mesos.v1.DurationInfo max_completion_time = 14;
  map<string, .mesos.v1.Value.Scalar> limits = 15;
}
message TaskGroupInfo {
  repeated .mesos.v1.TaskInfo tasks = 1;
}
message TaskStatus {
  required .mesos.v1.TaskID task_id = 1;
  required .mesos.v1.TaskState state = 2;
  optional bytes data = 3;
  optional string message = 4;
  optional .mesos.v1.AgentID agent_id = 5;
  optional double timestamp = 6;
  optional .mesos.v1.ExecutorID executor_id = 7;
  optional bool healthy = 8;
  optional .mesos.v1.TaskStatus.Source source = 9;
  optional .mesos.v1.TaskStatus.Reason reason = 10;
  optional bytes uuid = 11;
  optional .mesos.v1.Labels labels = 12;
  optional .mesos.v1.ContainerStatus container_status = 13;
  optional .mesos.v1.TimeInfo unreachable_time = 14;
  optional .mesos.v1.CheckStatusInfo check_status = 15;
  optional .mesos.v1.TaskResourceLimitation limitation = 16;
  enum Source {
    SOURCE_MASTER = 0;
    SOURCE_AGENT = 1;
    SOURCE_EXECUTOR = 2;
  }
  enum Reason {
    REASON_COMMAND_EXECUTOR_FAILED = 0;
    REASON_CONTAINER_LAUNCH_FAILED = 21;
    REASON_CONTAINER_LIMITATION = 19;
    REASON_CONTAINER_LIMITATION_DISK = 20;
    REASON_CONTAINER_LIMITATION_MEMORY = 8;
    REASON_CONTAINER_PREEMPTED = 17;
    REASON_CONTAINER_UPDATE_FAILED = 22;
    REASON_MAX_COMPLETION_TIME_REACHED = 33;
    REASON_EXECUTOR_REGISTRATION_TIMEOUT = 23;
    REASON_EXECUTOR_REREGISTRATION_TIMEOUT = 24;
    REASON_EXECUTOR_TERMINATED = 1;
    REASON_EXECUTOR_UNREGISTERED = 2;
    REASON_FRAMEWORK_REMOVED = 3;
    REASON_GC_ERROR = 4;
    REASON_INVALID_FRAMEWORKID = 5;
    REASON_INVALID_OFFERS = 6;
    REASON_IO_SWITCHBOARD_EXITED = 27;
    REASON_MASTER_DISCONNECTED = 7;
    REASON_RECONCILIATION = 9;
    REASON_RESOURCES_UNKNOWN = 18;
    REASON_AGENT_DISCONNECTED = 10;
    REASON_AGENT_DRAINING = 34;
    REASON_AGENT_REMOVED = 11;
    REASON_AGENT_REMOVED_BY_OPERATOR = 31;
    REASON_AGENT_REREGISTERED = 32;
    REASON_AGENT_RESTARTED = 12;
    REASON_AGENT_UNKNOWN = 13;
    REASON_TASK_KILLED_DURING_LAUNCH = 30;
    REASON_TASK_CHECK_STATUS_UPDATED = 28;
    REASON_TASK_HEALTH_CHECK_STATUS_UPDATED = 29;
    REASON_TASK_GROUP_INVALID = 25;
    REASON_TASK_GROUP_UNAUTHORIZED = 26;
    REASON_TASK_INVALID = 14;
    REASON_TASK_UNAUTHORIZED = 15;
    REASON_TASK_UNKNOWN = 16;
  }
}
enum TaskState {
  TASK_STAGING = 6;
  TASK_STARTING = 0;
  TASK_RUNNING = 1;
  TASK_KILLING = 8;
  TASK_FINISHED = 2;
  TASK_FAILED = 3;
  TASK_KILLED = 4;
  TASK_ERROR = 7;
  TASK_LOST = 5;
  TASK_DROPPED = 9;
  TASK_UNREACHABLE = 10;
  TASK_GONE = 11;
  TASK_GONE_BY_OPERATOR = 12;
  TASK_UNKNOWN = 13;
}
message ContainerStatus {
  repeated .mesos.v1.NetworkInfo network_infos = 1;
  optional .mesos.v1.CgroupInfo cgroup_info = 2;
  optional uint32 executor_pid = 3;
  optional .mesos.v1.ContainerID container_id = 4;
}
message TaskResourceLimitation {
  repeated .mesos.v1.Resource resources = 1;
}
message ExecutorInfo {
  required .mesos.v1.ExecutorID executor_id = 1;
  optional bytes data = 4;
  repeated .mesos.v1.Resource resources = 5;
  optional .mesos.v1.CommandInfo command = 7;
  optional .mesos.v1.FrameworkID framework_id = 8;
  optional string name = 9;
  optional string source = 10 [deprecated = true];
  optional .mesos.v1.ContainerInfo container = 11;
  optional .mesos.v1.DiscoveryInfo discovery = 12;
  optional .mesos.v1.DurationInfo shutdown_grace_period = 13;
  optional .mesos.v1.Labels labels = 14;
  optional .mesos.v1.ExecutorInfo.Type type = 15;
  enum Type {
    UNKNOWN = 0;
    DEFAULT = 1;
    CUSTOM = 2;
  }
}
message CommandInfo {
  repeated .mesos.v1.CommandInfo.URI uris = 1;
  optional .mesos.v1.Environment environment = 2;
  optional string value = 3;
  optional string user = 5;
  optional bool shell = 6 [default = true];
  repeated string arguments = 7;
  message URI {
    required string value = 1;
    optional bool executable = 2;
    optional bool extract = 3 [default = true];
    optional bool cache = 4;
    optional string output_file = 5;
  }
}
message Environment {
  repeated .mesos.v1.Environment.Variable variables = 1;
  message Variable {
    required string name = 1;
    optional string value = 2;
    optional .mesos.v1.Environment.Variable.Type type = 3 [default = VALUE];
    optional .mesos.v1.Secret secret = 4;
    enum Type {
      UNKNOWN = 0;
      VALUE = 1;
      SECRET = 2;
    }
  }
}
message Secret {
  optional .mesos.v1.Secret.Type type = 1;
  optional .mesos.v1.Secret.Reference reference = 2;
  optional .mesos.v1.Secret.Value value = 3;
  enum Type {
    UNKNOWN = 0;
    REFERENCE = 1;
    VALUE = 2;
  }
  message Reference {
    required string name = 1;
    optional string key = 2;
  }
  message Value {
    required bytes data = 1;
  }
}
message KillPolicy {
  optional .mesos.v1.DurationInfo grace_period = 1;
}
message HealthCheck {
  optional .mesos.v1.HealthCheck.HTTPCheckInfo http = 1;
  optional double delay_seconds = 2 [default = 15];
  optional double interval_seconds = 3 [default = 10];
  optional double timeout_seconds = 4 [default = 20];
  optional uint32 consecutive_failures = 5 [default = 3];
  optional double grace_period_seconds = 6 [default = 10];
  optional .mesos.v1.CommandInfo command = 7;
  optional .mesos.v1.HealthCheck.Type type = 8;
  optional .mesos.v1.HealthCheck.TCPCheckInfo tcp = 9;
  enum Type {
    UNKNOWN = 0;
    COMMAND = 1;
    HTTP = 2;
    TCP = 3;
  }
  message HTTPCheckInfo {
    required uint32 port = 1;
    optional string path = 2;
    optional string scheme = 3;
    repeated uint32 statuses = 4;
    optional .mesos.v1.NetworkInfo.Protocol protocol = 5 [default = IPv4];
  }
  message TCPCheckInfo {
    required uint32 port = 1;
    optional .mesos.v1.NetworkInfo.Protocol protocol = 2 [default = IPv4];
  }
}
message CheckInfo {
  optional .mesos.v1.CheckInfo.Type type = 1;
  optional .mesos.v1.CheckInfo.Command command = 2;
  optional .mesos.v1.CheckInfo.Http http = 3;
  optional double delay_seconds = 4 [default = 15];
  optional double interval_seconds = 5 [default = 10];
  optional double timeout_seconds = 6 [default = 20];
  optional .mesos.v1.CheckInfo.Tcp tcp = 7;
  enum Type {
    UNKNOWN = 0;
    COMMAND = 1;
    HTTP = 2;
    TCP = 3;
  }
  message Command {
    required .mesos.v1.CommandInfo command = 1;
  }
  message Http {
    required uint32 port = 1;
    optional string path = 2;
  }
  message Tcp {
    required uint32 port = 1;
  }
}
message CheckStatusInfo {
  optional .mesos.v1.CheckInfo.Type type = 1;
  optional .mesos.v1.CheckStatusInfo.Command command = 2;
  optional .mesos.v1.CheckStatusInfo.Http http = 3;
  optional .mesos.v1.CheckStatusInfo.Tcp tcp = 4;
  message Command {
    optional int32 exit_code = 1;
  }
  message Http {
    optional uint32 status_code = 1;
  }
  message Tcp {
    optional bool succeeded = 1;
  }
}
`;
