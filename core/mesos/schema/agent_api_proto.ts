/**
 * Mesos v1 protobuf schema (proto2), package `mesos.v1.agent`: the agent operator API's Call and
 * Response. Written for k8sm from apache/mesos 1.12 (include/mesos/v1/agent/agent.proto): the
 * call types and field numbers as there; the container-launching, attach, file, operation and
 * resource-provider sub-messages are left out (mesos-local's agents do not serve them).
 */
export const AGENT_API_PROTO = `syntax = "proto2";
package mesos.v1.agent;

message Call {
  enum Type {
    UNKNOWN = 0;
    GET_HEALTH = 1;
    GET_FLAGS = 2;
    GET_VERSION = 3;
    GET_METRICS = 4;
    GET_LOGGING_LEVEL = 5;
    SET_LOGGING_LEVEL = 6;
    LIST_FILES = 7;
    READ_FILE = 8;
    GET_STATE = 9;
    GET_CONTAINERS = 10;
    GET_FRAMEWORKS = 11;
    GET_EXECUTORS = 12;
    GET_OPERATIONS = 31;
    GET_TASKS = 13;
    GET_AGENT = 20;
    GET_RESOURCE_PROVIDERS = 26;
    LAUNCH_NESTED_CONTAINER = 14 [deprecated = true];
    WAIT_NESTED_CONTAINER = 15 [deprecated = true];
    KILL_NESTED_CONTAINER = 16 [deprecated = true];
    REMOVE_NESTED_CONTAINER = 21 [deprecated = true];
    LAUNCH_NESTED_CONTAINER_SESSION = 17;
    ATTACH_CONTAINER_INPUT = 18;
    ATTACH_CONTAINER_OUTPUT = 19;
    LAUNCH_CONTAINER = 22;
    WAIT_CONTAINER = 23;
    KILL_CONTAINER = 24;
    REMOVE_CONTAINER = 25;
    ADD_RESOURCE_PROVIDER_CONFIG = 27;
    UPDATE_RESOURCE_PROVIDER_CONFIG = 28;
    REMOVE_RESOURCE_PROVIDER_CONFIG = 29;
    MARK_RESOURCE_PROVIDER_GONE = 32;
    PRUNE_IMAGES = 30;
  }
  message GetMetrics {
    optional .mesos.v1.DurationInfo timeout = 1;
  }
  message GetContainers {
    optional bool show_nested = 1;
    optional bool show_standalone = 2;
  }
  optional .mesos.v1.agent.Call.Type type = 1;
  optional .mesos.v1.agent.Call.GetMetrics get_metrics = 2;
  optional .mesos.v1.agent.Call.GetContainers get_containers = 20;
}

message Response {
  enum Type {
    UNKNOWN = 0;
    GET_HEALTH = 1;
    GET_FLAGS = 2;
    GET_VERSION = 3;
    GET_METRICS = 4;
    GET_LOGGING_LEVEL = 5;
    LIST_FILES = 6;
    READ_FILE = 7;
    GET_STATE = 8;
    GET_CONTAINERS = 9;
    GET_FRAMEWORKS = 10;
    GET_EXECUTORS = 11;
    GET_OPERATIONS = 17;
    GET_TASKS = 12;
    GET_AGENT = 14;
    GET_RESOURCE_PROVIDERS = 16;
    WAIT_NESTED_CONTAINER = 13 [deprecated = true];
    WAIT_CONTAINER = 15;
  }
  message GetHealth {
    required bool healthy = 1;
  }
  message GetFlags {
    repeated .mesos.v1.Flag flags = 1;
  }
  message GetVersion {
    required .mesos.v1.VersionInfo version_info = 1;
  }
  message GetMetrics {
    repeated .mesos.v1.Metric metrics = 1;
  }
  message GetLoggingLevel {
    required uint32 level = 1;
  }
  message GetState {
    optional .mesos.v1.agent.Response.GetTasks get_tasks = 1;
    optional .mesos.v1.agent.Response.GetExecutors get_executors = 2;
    optional .mesos.v1.agent.Response.GetFrameworks get_frameworks = 3;
  }
  message GetContainers {
    message Container {
      optional .mesos.v1.FrameworkID framework_id = 1;
      optional .mesos.v1.ExecutorID executor_id = 2;
      optional string executor_name = 3;
      required .mesos.v1.ContainerID container_id = 4;
      optional .mesos.v1.ContainerStatus container_status = 5;
    }
    repeated .mesos.v1.agent.Response.GetContainers.Container containers = 1;
  }
  message GetFrameworks {
    message Framework {
      required .mesos.v1.FrameworkInfo framework_info = 1;
    }
    repeated .mesos.v1.agent.Response.GetFrameworks.Framework frameworks = 1;
    repeated .mesos.v1.agent.Response.GetFrameworks.Framework completed_frameworks = 2;
  }
  message GetExecutors {
    message Executor {
      required .mesos.v1.ExecutorInfo executor_info = 1;
    }
    repeated .mesos.v1.agent.Response.GetExecutors.Executor executors = 1;
    repeated .mesos.v1.agent.Response.GetExecutors.Executor completed_executors = 2;
  }
  message GetTasks {
    repeated .mesos.v1.Task pending_tasks = 1;
    repeated .mesos.v1.Task queued_tasks = 2;
    repeated .mesos.v1.Task launched_tasks = 3;
    repeated .mesos.v1.Task terminated_tasks = 4;
    repeated .mesos.v1.Task completed_tasks = 5;
  }
  message GetAgent {
    optional .mesos.v1.AgentInfo agent_info = 1;
    optional .mesos.v1.DrainConfig drain_config = 2;
    optional .mesos.v1.TimeInfo estimated_drain_start_time = 3;
  }
  optional .mesos.v1.agent.Response.Type type = 1;
  optional .mesos.v1.agent.Response.GetHealth get_health = 2;
  optional .mesos.v1.agent.Response.GetFlags get_flags = 3;
  optional .mesos.v1.agent.Response.GetVersion get_version = 4;
  optional .mesos.v1.agent.Response.GetMetrics get_metrics = 5;
  optional .mesos.v1.agent.Response.GetLoggingLevel get_logging_level = 6;
  optional .mesos.v1.agent.Response.GetState get_state = 9;
  optional .mesos.v1.agent.Response.GetContainers get_containers = 10;
  optional .mesos.v1.agent.Response.GetFrameworks get_frameworks = 11;
  optional .mesos.v1.agent.Response.GetExecutors get_executors = 12;
  optional .mesos.v1.agent.Response.GetTasks get_tasks = 13;
  optional .mesos.v1.agent.Response.GetAgent get_agent = 15;
}
`;
