import { z } from 'zod';
import { kubeActivities } from './kubernetes/proxies';
import { account, DEFAULT_STABLE_TIMEOUT_SECONDS } from './kubernetes/fields';
import { deployOutputs } from './kubernetes/outputs';
import { revertDeployStage } from './kubernetes/rollback';
import { wantsRollback } from './rollback-option';
import { waitUntilStable } from './kubernetes/stable';
import { rollingRedBlack } from './kubernetes/rolling-red-black';
import { applyStrategy, type Strategy } from './kubernetes/strategy';
import type { StageDefinition } from './types';
import { StageFailure } from './types';

const schema = z
  .object({
    account,
    cloudProvider: z.literal('kubernetes').optional(),
    source: z.enum(['text', 'artifact']).optional(),
    manifests: z.array(z.record(z.unknown())).optional(),
    namespaceOverride: z.string().optional(),
    moniker: z.object({ app: z.string().optional(), cluster: z.string().optional(), stack: z.string().optional(), detail: z.string().optional() }).passthrough().optional(),
    skipExpressionEvaluation: z.boolean().optional(),
    trafficManagement: z
      .object({
        enabled: z.boolean().optional(),
        options: z
          .object({
            enableTraffic: z.boolean().optional(),
            services: z.array(z.string()).optional(),
            strategy: z.enum(['redblack', 'bluegreen', 'highlander', 'none', 'rollingredblack']).optional(),
            /** Rolling red/black (with `redblack` or Orca's `rollingredblack`): grow the new version in steps. */
            targetPercentages: z.array(z.number().positive().max(100)).optional(),
          })
          .passthrough()
          .optional(),
      })
      .passthrough()
      .optional(),
    /** Gennaker extension: how long the manifests may take to become stable (default 1800 s). */
    stableTimeoutSeconds: z.number().positive().optional(),
  })
  .passthrough()
  .superRefine((v, ctx) => {
    if (v.source === 'artifact') ctx.addIssue({ code: 'custom', path: ['source'], message: "manifests from artifacts are not supported yet: use source 'text' with inline manifests" });
    else if (!v.manifests?.length) ctx.addIssue({ code: 'custom', path: ['manifests'], message: 'manifests must list at least one manifest' });
    const traffic = v.trafficManagement;
    if (traffic?.enabled) {
      if (!traffic.options?.services?.length) ctx.addIssue({ code: 'custom', path: ['trafficManagement', 'options', 'services'], message: 'traffic management needs at least one service' });
      const strategy = traffic.options?.strategy ?? 'none';
      const steps = traffic.options?.targetPercentages;
      if (steps?.some((p, i) => i > 0 && p <= steps[i - 1])) {
        ctx.addIssue({ code: 'custom', path: ['trafficManagement', 'options', 'targetPercentages'], message: 'targetPercentages must increase' });
      }
      if (steps?.length && strategy !== 'redblack' && strategy !== 'rollingredblack') {
        ctx.addIssue({ code: 'custom', path: ['trafficManagement', 'options', 'targetPercentages'], message: `targetPercentages need strategy 'redblack', not '${strategy}'` });
      }
      if (strategy !== 'none' && traffic.options?.enableTraffic === false) {
        ctx.addIssue({ code: 'custom', path: ['trafficManagement', 'options', 'enableTraffic'], message: `strategy '${strategy}' needs enableTraffic` });
      }
    }
  });

type DeployManifestConfig = z.infer<typeof schema>;

/**
 * `deployManifest`: validates and dry-runs every manifest, server-side applies them (versioned
 * kinds as `-vNNN`), waits until all are stable, then applies the traffic strategy to the older
 * versions of each ReplicaSet's cluster. With `rollbackOnFailure`, it first records what the
 * manifests replace, and undoes the deploy when the pipeline later fails or is cancelled.
 */
export const deployManifestStage: StageDefinition = {
  type: 'deployManifest',
  schema,
  async run(ctx) {
    const parsed = schema.safeParse(ctx.config);
    if (!parsed.success) throw new StageFailure(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
    const c: DeployManifestConfig = parsed.data;
    const traffic = c.trafficManagement?.enabled ? c.trafficManagement.options : undefined;
    const enableTraffic = traffic ? traffic.enableTraffic !== false : false;
    const rolling = traffic && (traffic.strategy === 'rollingredblack' || (traffic.strategy === 'redblack' && traffic.targetPercentages?.length)) ? (traffic.targetPercentages ?? []) : undefined;

    const input = {
      account: c.account,
      manifests: c.manifests!,
      application: ctx.execution.application,
      namespaceOverride: c.namespaceOverride || undefined,
      moniker: c.moniker,
      traffic: traffic ? { services: traffic.services ?? [], enabled: enableTraffic } : undefined,
      ...(rolling ? { initialReplicas: 0 } : {}),
    };
    // Read before applying, in its own activity: a retried deploy must not mistake its own
    // first attempt for what was there before.
    const previousState = wantsRollback(ctx.config) ? await kubeActivities().k8sSnapshotManifests(input) : undefined;
    ctx.setWaitingFor(`${ctx.stage.name}: applying ${c.manifests!.length} manifest(s) to account '${c.account}'`);
    const result = await kubeActivities().k8sDeployManifests(input);
    const outputs: Record<string, unknown> = { ...deployOutputs(c.account, result.deployed), ...(previousState ? { previousState } : {}) };
    // Orca's context keys, visible while the stage still waits.
    Object.assign(ctx.stage.context, {
      'outputs.manifests': outputs.manifests,
      'outputs.manifestNamesByNamespace': outputs.manifestNamesByNamespace,
      'outputs.createdArtifacts': outputs.createdArtifacts,
      'deploy.server.groups': outputs['deploy.server.groups'],
      deployApiCalls: result.apiCalls,
    });

    await waitUntilStable(ctx, c.account, result.deployed.map((d) => d.ref), c.stableTimeoutSeconds ?? DEFAULT_STABLE_TIMEOUT_SECONDS);
    if (rolling) {
      ctx.stage.context.trafficManagementResult = await rollingRedBlack(ctx, c.account, result.deployed, rolling, c.stableTimeoutSeconds ?? DEFAULT_STABLE_TIMEOUT_SECONDS);
    } else if (traffic) {
      ctx.setWaitingFor(`${ctx.stage.name}: ${traffic.strategy ?? 'none'} traffic strategy`);
      ctx.stage.context.trafficManagementResult = await applyStrategy(c.account, result.deployed, (traffic.strategy ?? 'none') as Strategy, enableTraffic);
    }
    return { outputs };
  },
  compensate: revertDeployStage,
};
