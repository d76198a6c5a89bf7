import type { KubeObject, PriorState } from '../../../activities/cloud/kubernetes/types';
import type { StageCompensationContext } from '../types';
import { DEFAULT_STABLE_TIMEOUT_SECONDS } from './fields';
import { kubeActivities, kubeWaitActivities } from './proxies';
import { revertPlan } from './revert-plan';

/**
 * Undoes a SUCCEEDED `deployManifest` from its outputs (`previousState` recorded before the
 * apply, `manifests` applied), waits until rolled-back workloads are stable, and records the
 * steps in `context.rollbackResult`.
 */
export async function revertDeployStage(ctx: StageCompensationContext): Promise<void> {
  const { stage } = ctx;
  const previous = stage.outputs.previousState as PriorState[] | undefined;
  const deployed = (stage.outputs.manifests ?? []) as KubeObject[];
  if (!previous) throw new Error('the deploy recorded no previous state to roll back to');
  const account = String(stage.context.account);
  const actions = revertPlan(previous, deployed);
  const result = await kubeActivities().k8sRevertDeploy({ account, actions });
  stage.context.rollbackResult = { done: result.done, skipped: result.skipped };
  if (!result.waitFor.length) return;
  const timeoutMs = (Number(stage.context.stableTimeoutSeconds) || DEFAULT_STABLE_TIMEOUT_SECONDS) * 1000;
  const started = Date.now();
  await kubeWaitActivities(timeoutMs).k8sWaitForStable({ account, refs: result.waitFor, deadline: started + timeoutMs });
}
