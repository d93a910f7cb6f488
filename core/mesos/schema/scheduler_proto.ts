/**
 * Mesos v1 protobuf schema (proto2), package `mesos.v1.scheduler`:
 * the scheduler API: Call, Event and offer constraints.
 * Written for k8sm from the field facts in mesos-v1/FIELDS.md (numbers, labels, defaults, enum
 * order); type references are fully qualified so nested names never shadow top-level ones.
 */
export const SCHEDULER_PROTO = `syntax = "proto2";
package mesos.v1.scheduler;

message Call {
  optional .mesos.v1.FrameworkID framework_id = 1;
  optional .mesos.v1.scheduler.Call.Type type = 2;
  optional .mesos.v1.scheduler.Call.Subscribe subscribe = 3;
  optional .mesos.v1.scheduler.Call.Accept accept = 4;
  optional .mesos.v1.scheduler.Call.Decline decline = 5;
  optional .mesos.v1.scheduler.Call.Kill kill = 6;
  optional .mesos.v1.scheduler.Call.Shutdown shutdown = 7;
  optional .mesos.v1.scheduler.Call.Acknowledge acknowledge = 8;
  optional .mesos.v1.scheduler.Call.Reconcile reconcile = 9;
  optional .mesos.v1.scheduler.Call.Message message = 10;
  optional .mesos.v1.scheduler.Call.Request request = 11;
  optional .mesos.v1.scheduler.Call.AcceptInverseOffers accept_inverse_offers = 13;
  optional .mesos.v1.scheduler.Call.DeclineInverseOffers decline_inverse_offers = 14;
  optional .mesos.v1.scheduler.Call.Revive revive = 15;
  optional .mesos.v1.scheduler.Call.Suppress suppress = 16;
  optional .mesos.v1.scheduler.Call.AcknowledgeOperationStatus acknowledge_operation_status = 17;
  optional .mesos.v1.scheduler.Call.ReconcileOperations reconcile_operations = 18;
  optional .mesos.v1.scheduler.Call.UpdateFramework update_framework = 19;
  enum Type {
    UNKNOWN = 0;
    SUBSCRIBE = 1;
    TEARDOWN = 2;
    ACCEPT = 3;
    DECLINE = 4;
    ACCEPT_INVERSE_OFFERS = 13;
    DECLINE_INVERSE_OFFERS = 14;
    REVIVE = 5;
    KILL = 6;
    SHUTDOWN = 7;
    ACKNOWLEDGE = 8;
    ACKNOWLEDGE_OPERATION_STATUS = 15;
    RECONCILE = 9;
    RECONCILE_OPERATIONS = 16;
    MESSAGE = 10;
    REQUEST = 11;
    SUPPRESS = 12;
    UPDATE_FRAMEWORK = 17;
  }
  message Subscribe {
    required .mesos.v1.FrameworkInfo framework_info = 1;
    repeated string suppressed_roles = 2;
    optional .mesos.v1.scheduler.OfferConstraints offer_constraints = 3;
  }
  message Accept {
    repeated .mesos.v1.OfferID offer_ids = 1;
    repeated .mesos.v1.Offer.Operation operations = 2;
    optional .mesos.v1.Filters filters = 3;
  }
  message Decline {
    repeated .mesos.v1.OfferID offer_ids = 1;
    optional .mesos.v1.Filters filters = 2;
  }
  message AcceptInverseOffers {
    repeated .mesos.v1.OfferID inverse_offer_ids = 1;
    optional .mesos.v1.Filters filters = 2;
  }
  message DeclineInverseOffers {
    repeated .mesos.v1.OfferID inverse_offer_ids = 1;
    optional .mesos.v1.Filters filters = 2;
  }
  message Revive {
    repeated string roles = 1;
  }
  message Kill {
    required .mesos.v1.TaskID task_id = 1;
    optional .mesos.v1.AgentID agent_id = 2;
    optional .mesos.v1.KillPolicy kill_policy = 3;
  }
  message Shutdown {
    required .mesos.v1.ExecutorID executor_id = 1;
    required .mesos.v1.AgentID agent_id = 2;
  }
  message Acknowledge {
    required .mesos.v1.AgentID agent_id = 1;
    required .mesos.v1.TaskID task_id = 2;
    required bytes uuid = 3;
  }
  message AcknowledgeOperationStatus {
    optional .mesos.v1.AgentID agent_id = 1;
    optional .mesos.v1.ResourceProviderID resource_provider_id = 2;
    required bytes uuid = 3;
    required .mesos.v1.OperationID operation_id = 4;
  }
  message Reconcile {
    repeated .mesos.v1.scheduler.Call.Reconcile.Task tasks = 1;
    message Task {
      required .mesos.v1.TaskID task_id = 1;
      optional .mesos.v1.AgentID agent_id = 2;
    }
  }
  message ReconcileOperations {
    repeated .mesos.v1.scheduler.Call.ReconcileOperations.Operation operations = 1;
    message Operation {
      required .mesos.v1.OperationID operation_id = 1;
      optional .mesos.v1.AgentID agent_id = 2;
      optional .mesos.v1.ResourceProviderID resource_provider_id = 3;
    }
  }
  message Message {
    required .mesos.v1.AgentID agent_id = 1;
    required .mesos.v1.ExecutorID executor_id = 2;
    required bytes data = 3;
  }
  message Request {
    repeated .mesos.v1.Request requests = 1;
  }
  message Suppress {
    repeated string roles = 1;
  }
  message UpdateFramework {
    required .mesos.v1.FrameworkInfo framework_info = 1;
    repeated string suppressed_roles = 2;
    optional .mesos.v1.scheduler.OfferConstraints offer_constraints = 3;
  }
}
message Event {
  optional .mesos.v1.scheduler.Event.Type type = 1;
  optional .mesos.v1.scheduler.Event.Subscribed subscribed = 2;
  optional .mesos.v1.scheduler.Event.Offers offers = 3;
  optional .mesos.v1.scheduler.Event.Rescind rescind = 4;
  optional .mesos.v1.scheduler.Event.Update update = 5;
  optional .mesos.v1.scheduler.Event.Message message = 6;
  optional .mesos.v1.scheduler.Event.Failure failure = 7;
  optional .mesos.v1.scheduler.Event.Error error = 8;
  optional .mesos.v1.scheduler.Event.InverseOffers inverse_offers = 9;
  optional .mesos.v1.scheduler.Event.RescindInverseOffer rescind_inverse_offer = 10;
  optional .mesos.v1.scheduler.Event.UpdateOperationStatus update_operation_status = 11;
  enum Type {
    UNKNOWN = 0;
    SUBSCRIBED = 1;
    OFFERS = 2;
    INVERSE_OFFERS = 9;
    RESCIND = 3;
    RESCIND_INVERSE_OFFER = 10;
    UPDATE = 4;
    UPDATE_OPERATION_STATUS = 11;
    MESSAGE = 5;
    FAILURE = 6;
    ERROR = 7;
    HEARTBEAT = 8;
  }
  message Subscribed {
    required .mesos.v1.FrameworkID framework_id = 1;
    optional double heartbeat_interval_seconds = 2;
    optional .mesos.v1.MasterInfo master_info = 3;
  }
  message Offers {
    repeated .mesos.v1.Offer offers = 1;
  }
  message InverseOffers {
    repeated .mesos.v1.InverseOffer inverse_offers = 1;
  }
  message Rescind {
    required .mesos.v1.OfferID offer_id = 1;
  }
  message RescindInverseOffer {
    required .mesos.v1.OfferID inverse_offer_id = 1;
  }
  message Update {
    required .mesos.v1.TaskStatus status = 1;
  }
  message UpdateOperationStatus {
    required .mesos.v1.OperationStatus status = 1;
  }
  message Message {
    required .mesos.v1.AgentID agent_id = 1;
    required .mesos.v1.ExecutorID executor_id = 2;
    required bytes data = 3;
  }
  message Failure {
    optional .mesos.v1.AgentID agent_id = 1;
    optional .mesos.v1.ExecutorID executor_id = 2;
    optional int32 status = 3;
  }
  message Error {
    required string message = 1;
  }
}
message OfferConstraints {
  map<string, .mesos.v1.scheduler.OfferConstraints.RoleConstraints> role_constraints = 1;
  message RoleConstraints {
    repeated .mesos.v1.scheduler.OfferConstraints.RoleConstraints.Group groups = 1;
    message Group {
      repeated .mesos.v1.scheduler.AttributeConstraint attribute_constraints = 1;
    }
  }
}
message AttributeConstraint {
  required .mesos.v1.scheduler.AttributeConstraint.Selector selector = 1;
  required .mesos.v1.scheduler.AttributeConstraint.Predicate predicate = 2;
  message Selector {
    oneof selector {
      .mesos.v1.scheduler.AttributeConstraint.Selector.PseudoattributeType pseudoattribute_type = 1;
      string attribute_name = 2;
    }
    enum PseudoattributeType {
      UNKNOWN = 0;
      HOSTNAME = 1;
      REGION = 2;
      ZONE = 3;
    }
  }
  message Predicate {
    oneof predicate {
      .mesos.v1.scheduler.AttributeConstraint.Predicate.Exists exists = 1;
      .mesos.v1.scheduler.AttributeConstraint.Predicate.NotExists not_exists = 2;
      .mesos.v1.scheduler.AttributeConstraint.Predicate.TextEquals text_equals = 3;
      .mesos.v1.scheduler.AttributeConstraint.Predicate.TextNotEquals text_not_equals = 4;
      .mesos.v1.scheduler.AttributeConstraint.Predicate.TextMatches text_matches = 5;
      .mesos.v1.scheduler.AttributeConstraint.Predicate.TextNotMatches text_not_matches = 6;
    }
    message Exists {}
    message NotExists {}
    message TextEquals {
      required string value = 1;
    }
    message TextNotEquals {
      required string value = 1;
    }
    message TextMatches {
      required string regex = 1;
    }
    message TextNotMatches {
      required string regex = 1;
    }
  }
}
`;
