/**
 * Kubernetes kinds as Spinnaker names them (`replicaSet`, `configMap`…, as in `manifestName:
 * "replicaSet web-v002"`), and the apiVersion Gennaker uses for each well-known kind.
 */
const KNOWN_KINDS: Record<string, string> = {
  Deployment: 'apps/v1',
  ReplicaSet: 'apps/v1',
  StatefulSet: 'apps/v1',
  DaemonSet: 'apps/v1',
  Job: 'batch/v1',
  CronJob: 'batch/v1',
  Pod: 'v1',
  Service: 'v1',
  ConfigMap: 'v1',
  Secret: 'v1',
  ServiceAccount: 'v1',
  Namespace: 'v1',
  PersistentVolumeClaim: 'v1',
  Ingress: 'networking.k8s.io/v1',
  NetworkPolicy: 'networking.k8s.io/v1',
  HorizontalPodAutoscaler: 'autoscaling/v2',
  PodDisruptionBudget: 'policy/v1',
  Role: 'rbac.authorization.k8s.io/v1',
  RoleBinding: 'rbac.authorization.k8s.io/v1',
  ClusterRole: 'rbac.authorization.k8s.io/v1',
  ClusterRoleBinding: 'rbac.authorization.k8s.io/v1',
};

/** Kinds Spinnaker versions by default (`-v000`, `-v001`…): each deploy creates a new object. */
export const VERSIONED_BY_DEFAULT = new Set(['ReplicaSet', 'ConfigMap', 'Secret', 'Pod']);

/** `ReplicaSet` → `replicaSet` (Spinnaker's spelling in manifest names and artifact types). */
export function spinnakerKind(kind: string): string {
  return kind.charAt(0).toLowerCase() + kind.slice(1);
}

/** `replicaSet` (or `ReplicaSet`) → `ReplicaSet`, with its apiVersion when Gennaker knows it. */
export function resolveKind(name: string): { kind: string; apiVersion?: string } {
  const wanted = name.toLowerCase();
  const kind = Object.keys(KNOWN_KINDS).find((k) => k.toLowerCase() === wanted) ?? name.charAt(0).toUpperCase() + name.slice(1);
  return { kind, apiVersion: KNOWN_KINDS[kind] };
}
