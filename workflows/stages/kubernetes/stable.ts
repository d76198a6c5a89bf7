import type { ObjectRef } from '../../../activities/cloud/kubernetes/types';
import type { StageRunContext } from '../types';
import { kubeWaitActivities } from './proxies';
import { DEFAULT_STABLE_TIMEOUT_SECONDS } from './fields';

/** Waits until the objects are stable; records the outcome in the stage context. */
export async function waitUntilStable(ctx: StageRunContext, account: string, refs: ObjectRef[], timeoutSeconds?: number): Promise<void> {
  if (!refs.length) return;
  const timeoutMs = (timeoutSeconds ?? DEFAULT_STABLE_TIMEOUT_SECONDS) * 1000;
  ctx.setWaitingFor(`${ctx.stage.name}: waiting for ${refs.map((r) => `${r.kind} ${r.name}`).join(', ')} to become stable`);
  const started = Date.now();
  const result = await kubeWaitActivities(timeoutMs).k8sWaitForStable({ account, refs, deadline: started + timeoutMs });
  ctx.stage.context.stability = { ...result, waitedMs: Date.now() - started };
  ctx.setWaitingFor(undefined);
}
