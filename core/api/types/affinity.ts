/** core/v1 Affinity: node affinity, pod affinity and pod anti-affinity scheduling rules. */
import type { Int32 } from "./scalars.ts";
import type { LabelSelector } from "./label_selector.ts";

/** One requirement on a node's labels or fields. */
export interface NodeSelectorRequirement {
  /** The label key (or field name) the requirement applies to. */
  key: string;
  /** In, NotIn, Exists, DoesNotExist, Gt or Lt. */
  operator: "In" | "NotIn" | "Exists" | "DoesNotExist" | "Gt" | "Lt";
  /** The values to compare with; one integer for Gt and Lt, none for Exists. */
  values?: string[];
}

/** Requirements that must all hold for a node to match. */
export interface NodeSelectorTerm {
  /** Requirements on the node's labels. */
  matchExpressions?: NodeSelectorRequirement[];
  /** Requirements on the node's fields (metadata.name). */
  matchFields?: NodeSelectorRequirement[];
}

/** Terms of which at least one must match. */
export interface NodeSelector {
  /** The terms; a node matching any of them matches. */
  nodeSelectorTerms: NodeSelectorTerm[];
}

/** A node preference with a weight. */
export interface PreferredSchedulingTerm {
  /** How much matching this term counts, from 1 to 100. */
  weight: Int32;
  /** The term to match. */
  preference: NodeSelectorTerm;
}

/** Which nodes the pod must, or would rather, run on. */
export interface NodeAffinity {
  /** Nodes the pod may be scheduled on; not re-checked once it runs. */
  requiredDuringSchedulingIgnoredDuringExecution?: NodeSelector;
  /** Nodes the scheduler favours, by the sum of matching weights. */
  preferredDuringSchedulingIgnoredDuringExecution?: PreferredSchedulingTerm[];
}

/** A set of pods, found by labels, and the topology domain to look in. */
export interface PodAffinityTerm {
  /** Which pods count. */
  labelSelector?: LabelSelector;
  /** The namespaces to look in; empty means the pod's own. */
  namespaces?: string[];
  /** The node label that defines a domain (such as kubernetes.io/hostname). */
  topologyKey: string;
  /** Selects the namespaces to look in by their labels. */
  namespaceSelector?: LabelSelector;
  /** Labels of the incoming pod whose values are added to the selector as In requirements. */
  matchLabelKeys?: string[];
  /** Labels of the incoming pod whose values are added to the selector as NotIn requirements. */
  mismatchLabelKeys?: string[];
}

/** A pod-affinity preference with a weight. */
export interface WeightedPodAffinityTerm {
  /** How much matching this term counts, from 1 to 100. */
  weight: Int32;
  /** The term to match. */
  podAffinityTerm: PodAffinityTerm;
}

/** Pods this pod should run near (in the same topology domain). */
export interface PodAffinity {
  /** Terms that must hold at scheduling time. */
  requiredDuringSchedulingIgnoredDuringExecution?: PodAffinityTerm[];
  /** Terms the scheduler favours, by weight. */
  preferredDuringSchedulingIgnoredDuringExecution?: WeightedPodAffinityTerm[];
}

/** Pods this pod should keep away from (other topology domains). */
export interface PodAntiAffinity {
  /** Terms that must hold at scheduling time. */
  requiredDuringSchedulingIgnoredDuringExecution?: PodAffinityTerm[];
  /** Terms the scheduler favours, by weight. */
  preferredDuringSchedulingIgnoredDuringExecution?: WeightedPodAffinityTerm[];
}

/** Scheduling rules relative to nodes and to other pods. */
export interface Affinity {
  /** Rules about the nodes the pod runs on. */
  nodeAffinity?: NodeAffinity;
  /** Rules to place the pod near other pods. */
  podAffinity?: PodAffinity;
  /** Rules to keep the pod away from other pods. */
  podAntiAffinity?: PodAntiAffinity;
}
