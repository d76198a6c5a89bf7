import { z } from 'zod';
import { errorMessage } from '../engine/run-stage';
import { kubeActivities } from './kubernetes/proxies';
import { DEFAULT_STABLE_TIMEOUT_SECONDS } from './kubernetes/fields';
import { deployOutputs } from './kubernetes/outputs';
import { waitUntilStable } from './kubernetes/stable';
import type { StageDefinition } from './types';
import { StageFailure } from './types';

const schema = z
  .object({
    account: z.string().optional(),
    /** Older Spinnaker configs name the account `credentials`. */
    credentials: z.string().optional(),
    cloudProvider: z.literal('kubernetes').optional(),
    manifest: z.record(z.unknown()).optional(),
    manifests: z.array(z.record(z.unknown())).optional(),
    namespaceOverride: z.string().optional(),
    consumeArtifactSource: z.enum(['none', 'propertyFile', 'artifact']).optional(),
    propertyFile: z.string().optional(),
    stableTimeoutSeconds: z.number().positive().optional(),
  })
  .passthrough()
  .superRefine((v, ctx) => {
    if (!v.account && !v.credentials) ctx.addIssue({ code: 'custom', path: ['account'], message: 'account is required' });
    const job = v.manifest ?? v.manifests?.[0];
    if (!job) ctx.addIssue({ code: 'custom', path: ['manifest'], message: 'a Job manifest is required' });
    else if (job.kind !== 'Job') ctx.addIssue({ code: 'custom', path: ['manifest', 'kind'], message: `runJobManifest runs a Job, not a ${String(job.kind)}` });
  });

/** A short suffix fixed by the execution and stage, so a retried deploy addresses the same Job. */
function suffix(seed: string): string {
  let hash = 2166136261;
  for (let i = 0; i < seed.length; i++) hash = Math.imul(hash ^ seed.charCodeAt(i), 16777619) >>> 0;
  return hash.toString(36).padStart(5, '0').slice(-5);
}

/**
 * `runJobManifest`: runs a Job (its name gets a suffix unique to this stage run, as in Spinnaker),
 * waits for it to complete, then reads its pod's log; `SPINNAKER_PROPERTY_NAME=value` lines become
 * stage outputs (`name`).
 */
export const runJobManifestStage: StageDefinition = {
  type: 'runJobManifest',
  schema,
  async run(ctx) {
    const parsed = schema.safeParse(ctx.config);
    if (!parsed.success) throw new StageFailure(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
    const c = parsed.data;
    const account = (c.account ?? c.credentials)!;
    const job = JSON.parse(JSON.stringify(c.manifest ?? c.manifests![0])) as { metadata?: { name?: string; generateName?: string } };
    const base = (job.metadata?.name ?? job.metadata?.generateName ?? 'job').replace(/-$/, '');
    job.metadata = { ...job.metadata, name: `${base}-${suffix(`${ctx.execution.id}/${ctx.stage.id}`)}` };
    delete job.metadata.generateName;

    ctx.setWaitingFor(`${ctx.stage.name}: starting Job ${job.metadata.name}`);
    const k8s = kubeActivities();
    const { deployed } = await k8s.k8sDeployManifests({ account, manifests: [job], application: ctx.execution.application, namespaceOverride: c.namespaceOverride || undefined });
    const outputs = deployOutputs(account, deployed);
    ctx.stage.context['outputs.manifests'] = outputs.manifests;
    const ref = deployed[0].ref;
    ctx.stage.context.jobName = ref.name;
    await waitUntilStable(ctx, account, [ref], c.stableTimeoutSeconds ?? DEFAULT_STABLE_TIMEOUT_SECONDS);

    try {
      const { logs, properties } = await k8s.k8sJobLogs({ account, ref });
      ctx.stage.context.logs = logs.length > 10_000 ? logs.slice(-10_000) : logs;
      return { outputs: { ...outputs, ...properties, propertyFileContents: properties } };
    } catch (err) {
      // Logs need a kubelet; a Job that completed without readable logs still succeeded, unless
      // the pipeline depends on its properties.
      if (c.consumeArtifactSource === 'propertyFile') throw err;
      ctx.stage.context.logsError = errorMessage(err);
      return { outputs };
    }
  },
};
