/**
 * Mesos v1 protobuf schema (proto2), package `mesos.v1.executor`:
 * the executor API: Call and Event.
 * Written for k8sm from the field facts in mesos-v1/FIELDS.md (numbers, labels, defaults, enum
 * order); type references are fully qualified so nested names never shadow top-level ones.
 */
export const EXECUTOR_PROTO = `syntax = "proto2";
package mesos.v1.executor;

message Call {
  required .mesos.v1.ExecutorID executor_id = 1;
  required .mesos.v1.FrameworkID framework_id = 2;
  optional .mesos.v1.executor.Call.Type type = 3;
  optional .mesos.v1.executor.Call.Subscribe subscribe = 4;
  optional .mesos.v1.executor.Call.Update update = 5;
  optional .mesos.v1.executor.Call.Message message = 6;
  enum Type {
    UNKNOWN = 0;
    SUBSCRIBE = 1;
    UPDATE = 2;
    MESSAGE = 3;
    HEARTBEAT = 4;
  }
  message Subscribe {
    repeated .mesos.v1.TaskInfo unacknowledged_tasks = 1;
    repeated .mesos.v1.executor.Call.Update unacknowledged_updates = 2;
  }
  message Update {
    required .mesos.v1.TaskStatus status = 1;
  }
  message Message {
    required bytes data = 2;
  }
}
message Event {
  optional .mesos.v1.executor.Event.Type type = 1;
  optional .mesos.v1.executor.Event.Subscribed subscribed = 2;
  optional .mesos.v1.executor.Event.Acknowledged acknowledged = 3;
  optional .mesos.v1.executor.Event.Launch launch = 4;
  optional .mesos.v1.executor.Event.Kill kill = 5;
  optional .mesos.v1.executor.Event.Message message = 6;
  optional .mesos.v1.executor.Event.Error error = 7;
  optional .mesos.v1.executor.Event.LaunchGroup launch_group = 8;
  enum Type {
    UNKNOWN = 0;
    SUBSCRIBED = 1;
    LAUNCH = 2;
    LAUNCH_GROUP = 8;
    KILL = 3;
    ACKNOWLEDGED = 4;
    MESSAGE = 5;
    ERROR = 6;
    SHUTDOWN = 7;
    HEARTBEAT = 9;
  }
  message Subscribed {
    required .mesos.v1.ExecutorInfo executor_info = 1;
    required .mesos.v1.FrameworkInfo framework_info = 2;
    required .mesos.v1.AgentInfo agent_info = 3;
    optional .mesos.v1.ContainerID container_id = 4;
  }
  message Launch {
    required .mesos.v1.TaskInfo task = 1;
  }
  message LaunchGroup {
    required .mesos.v1.TaskGroupInfo task_group = 1;
  }
  message Kill {
    required .mesos.v1.TaskID task_id = 1;
    optional .mesos.v1.KillPolicy kill_policy = 2;
  }
  message Acknowledged {
    required .mesos.v1.TaskID task_id = 1;
    required bytes uuid = 2;
  }
  message Message {
    required bytes data = 1;
  }
  message Error {
    required string message = 1;
  }
}
`;
