/**
 * When a deployed object counts as stable (Spinnaker's manifest status rules): workloads when the
 * controller has seen the latest generation and the desired replicas are updated and available,
 * Jobs when complete, Pods when ready; everything else as soon as it exists.
 */
import type { KubeObject } from './api-client';

export interface StabilityStatus {
  stable: boolean;
  /** Set when the object can no longer become stable (failed Job, exceeded progress deadline). */
  failed?: string;
  /** What is still awaited (or why it failed), for progress messages. */
  message: string;
}

type Status = Record<string, unknown> & { conditions?: { type: string; status: string; reason?: string; message?: string }[] };

const num = (value: unknown) => (typeof value === 'number' ? value : 0);

function condition(status: Status, type: string) {
  return status.conditions?.find((c) => c.type === type);
}

/** The stability of one object as last read from the API server. */
export function stabilityOf(object: KubeObject): StabilityStatus {
  const status = (object.status ?? {}) as Status;
  const spec = object.spec ?? {};
  const generation = object.metadata.generation;
  const label = `${object.kind} ${object.metadata.name}`;
  const observed = status.observedGeneration;
  const generationSeen = generation === undefined || (typeof observed === 'number' && observed >= generation);

  switch (object.kind) {
    case 'Deployment': {
      const progressing = condition(status, 'Progressing');
      if (progressing?.reason === 'ProgressDeadlineExceeded') return { stable: false, failed: `${label}: ${progressing.message ?? 'progress deadline exceeded'}`, message: `${label} failed to progress` };
      if (!generationSeen) return { stable: false, message: `${label}: waiting for the controller to see generation ${generation}` };
      if (spec.paused === true) return { stable: true, message: `${label} is paused` };
      const desired = typeof spec.replicas === 'number' ? spec.replicas : 1;
      if (num(status.updatedReplicas) < desired) return { stable: false, message: `${label}: ${num(status.updatedReplicas)}/${desired} replicas updated` };
      if (num(status.replicas) > num(status.updatedReplicas)) return { stable: false, message: `${label}: ${num(status.replicas) - num(status.updatedReplicas)} old replicas pending termination` };
      if (num(status.availableReplicas) < desired) return { stable: false, message: `${label}: ${num(status.availableReplicas)}/${desired} replicas available` };
      return { stable: true, message: `${label}: ${desired}/${desired} replicas available` };
    }
    case 'ReplicaSet': {
      if (!generationSeen) return { stable: false, message: `${label}: waiting for the controller to see generation ${generation}` };
      const desired = typeof spec.replicas === 'number' ? spec.replicas : 1;
      if (num(status.fullyLabeledReplicas) < desired && desired > 0) return { stable: false, message: `${label}: ${num(status.fullyLabeledReplicas)}/${desired} replicas created` };
      if (num(status.availableReplicas) < desired) return { stable: false, message: `${label}: ${num(status.availableReplicas)}/${desired} replicas available` };
      if (num(status.replicas) > desired) return { stable: false, message: `${label}: scaling down to ${desired}` };
      return { stable: true, message: `${label}: ${desired}/${desired} replicas available` };
    }
    case 'StatefulSet': {
      if (!generationSeen) return { stable: false, message: `${label}: waiting for the controller to see generation ${generation}` };
      const desired = typeof spec.replicas === 'number' ? spec.replicas : 1;
      if (status.updateRevision && status.currentRevision !== status.updateRevision) return { stable: false, message: `${label}: rolling out revision ${String(status.updateRevision)}` };
      if (num(status.readyReplicas) < desired) return { stable: false, message: `${label}: ${num(status.readyReplicas)}/${desired} replicas ready` };
      return { stable: true, message: `${label}: ${desired}/${desired} replicas ready` };
    }
    case 'DaemonSet': {
      if (!generationSeen) return { stable: false, message: `${label}: waiting for the controller to see generation ${generation}` };
      const desired = num(status.desiredNumberScheduled);
      if (num(status.updatedNumberScheduled) < desired || num(status.numberAvailable) < desired) return { stable: false, message: `${label}: ${num(status.numberAvailable)}/${desired} pods available` };
      return { stable: true, message: `${label}: ${desired}/${desired} pods available` };
    }
    case 'Job': {
      const failed = condition(status, 'Failed');
      if (failed?.status === 'True') return { stable: false, failed: `${label} failed: ${failed.message ?? failed.reason ?? 'backoff limit reached'}`, message: `${label} failed` };
      if (condition(status, 'Complete')?.status === 'True') return { stable: true, message: `${label} completed` };
      return { stable: false, message: `${label}: ${num(status.active)} active, ${num(status.succeeded)} succeeded` };
    }
    case 'Pod': {
      if (status.phase === 'Failed') return { stable: false, failed: `${label} failed: ${String(status.reason ?? status.message ?? 'a container failed')}`, message: `${label} failed` };
      if (status.phase === 'Succeeded') return { stable: true, message: `${label} succeeded` };
      if (condition(status, 'Ready')?.status === 'True') return { stable: true, message: `${label} is ready` };
      return { stable: false, message: `${label} is ${String(status.phase ?? 'Pending')}` };
    }
    default:
      return { stable: true, message: `${label} exists` };
  }
}
