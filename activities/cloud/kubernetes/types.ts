/**
 * Inputs and results of the Kubernetes activities (imported type-only by the stages).
 */
import type { KubeObject, ObjectRef } from './api-client';
import type { Moniker } from './manifest';

export type { KubeObject, ObjectRef, Moniker };

export interface DeployManifestsInput {
  account: string;
  manifests: unknown[];
  /** The pipeline's application: the default moniker app. */
  application: string;
  namespaceOverride?: string;
  moniker?: Moniker;
  /** ReplicaSets only: attach these Services, with traffic on (`enabled`) or off. */
  traffic?: { services: string[]; enabled: boolean };
  /** ReplicaSets only: start with this many replicas instead of the manifest's (rolling red/black starts at 0). */
  initialReplicas?: number;
}

/** One applied object. */
export interface DeployedManifest {
  ref: ObjectRef;
  /** The object as the API server returned it after the apply (managedFields removed). */
  manifest: KubeObject;
  /** `moniker.spinnaker.io/cluster`, e.g. `replicaSet web`. */
  cluster: string;
  /** The name before versioning (`web` for `web-v002`). */
  baseName: string;
  /** `v002` for versioned kinds. */
  version?: string;
  /** True when an existing version had the same content and was reapplied instead of a new one. */
  reusedVersion?: boolean;
  /** Older versions deleted for `strategy.spinnaker.io/max-version-history`. */
  pruned?: string[];
  /** With `initialReplicas`: the replicas the manifest asks for. */
  desiredReplicas?: number;
}

export interface DeployManifestsResult {
  deployed: DeployedManifest[];
  /** API requests this deploy made. */
  apiCalls: number;
}

export interface WaitForStableInput {
  account: string;
  refs: ObjectRef[];
  /** Epoch milliseconds after which waiting fails (fixed by the workflow, so retries keep it). */
  deadline: number;
  pollIntervalMs?: number;
}

export interface WaitForStableResult {
  polls: number;
  apiCalls: number;
  /** The final status message of each object. */
  messages: string[];
}

/**
 * Which object an operation targets: a static `manifestName` ("replicaSet web-v002"), or Spinnaker's
 * dynamic target, a `cluster` ("replicaSet web") and a `criteria`.
 */
export interface TargetSpec {
  account: string;
  /** The namespace (Spinnaker's `location`). */
  location?: string;
  manifestName?: string;
  cluster?: string;
  criteria?: 'newest' | 'second_newest' | 'oldest' | 'largest' | 'smallest';
}

/** One version of a cluster, as strategies and dynamic targets see it. */
export interface ClusterVersion {
  ref: ObjectRef;
  version?: string;
  replicas: number;
  createdAt?: string;
  /** Null when the version has no Services attached. */
  trafficEnabled: boolean | null;
}

export interface DeleteManifestsInput {
  account: string;
  location?: string;
  manifestName?: string;
  /** With `labelSelectors`: delete every object of these kinds matching them. */
  kinds?: string[];
  labelSelectors?: { selectors?: { key: string; kind: 'EQUALS' | 'NOT_EQUALS' | 'CONTAINS' | 'NOT_CONTAINS' | 'EXISTS' | 'NOT_EXISTS'; values?: string[] }[] };
  options?: { cascading?: boolean; gracePeriodSeconds?: number };
}

export interface JobLogsResult {
  logs: string;
  /** `SPINNAKER_PROPERTY_NAME=value` lines, as `{ name: value }`. */
  properties: Record<string, string>;
}

/**
 * What one manifest of a deploy found in the cluster before applying: recorded by the stage so
 * a later rollback knows what the deploy created, replaced or disabled.
 */
export interface PriorState {
  apiVersion: string;
  kind: string;
  namespace?: string;
  /** The name before versioning. */
  name: string;
  /** Versioned kinds: the versions that existed, oldest first (ReplicaSets with their traffic state). */
  versions?: { name: string; trafficEnabled: boolean | null }[];
  /** Unversioned kinds: whether the object existed. */
  existed?: boolean;
  /** Deployments that existed: their `deployment.kubernetes.io/revision`. */
  revision?: number;
}

/** One step of undoing a deploy; every step is idempotent and tolerates a missing object. */
export type RevertAction =
  | { op: 'enable' | 'disable' | 'delete'; ref: ObjectRef }
  /** Restores a Deployment's pod template to that of `revision`. */
  | { op: 'rollback'; ref: ObjectRef; revision: number };

export interface RevertResult {
  /** What was changed, in words (`deleted ReplicaSet ns/web-v001`). */
  done: string[];
  /** Steps with nothing left to do (`ReplicaSet ns/web-v001 is already gone`). */
  skipped: string[];
  /** Objects to wait for (rolled-back Deployments). */
  waitFor: ObjectRef[];
}

/** How much of a ReplicaSet still receives traffic after {@link DisableShareInput}. */
export interface TrafficShare {
  name: string;
  pods: number;
  /** Pods still carrying the Services' labels. */
  routedPods: number;
}

export interface DisableShareInput {
  account: string;
  location?: string;
  /** ReplicaSet names. */
  names: string[];
  /** Share of each ReplicaSet's pods to take out of its Services; 100 also disables its template. */
  percentage: number;
}
