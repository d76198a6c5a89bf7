/**
 * The canary deploy pipeline the tests run, as a Spinnaker user would build it: a baseline (the
 * current image) and a canary (the new image) deployed side by side behind the production
 * Service, both with `rollbackOnFailure` so a failed or cancelled pipeline removes them; then
 * canary analysis on their names; on Pass the new image is promoted to the production Deployment
 * and the baseline and canary are deleted.
 */
import type { StageConfig } from '../../workflows/model/pipeline';
import { deployment } from './fixtures';

export interface CanaryPipelineOptions {
  namespace: string;
  /** Mean latency the synthetic provider reports for the canary (the baseline's is 100). */
  canaryLatency: number;
  /** ISO-8601 lifetime of the analysis; 2 s intervals. */
  lifetime?: string;
}

/** A Deployment of one track; the labels are also on the object, so the cleanup can select it. */
function track(namespace: string, name: string, trackName: string, image: string, replicas: number) {
  const labels = { app: 'web', track: trackName };
  const d = deployment(name, namespace, { image, replicas, labels });
  return { ...d, metadata: { ...d.metadata, labels } };
}

/** The production Deployment `web` (track `stable`), routed by the Service `web` (`app: web`). */
export function production(namespace: string, image: string) {
  return [track(namespace, 'web', 'stable', image, 2), { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace }, spec: { selector: { app: 'web' }, ports: [{ port: 80 }] } }];
}

/** The stages; the images come from the parameters `currentImage` and `newImage`. */
export function canaryPipelineStages(o: CanaryPipelineOptions): StageConfig[] {
  const deploy = (refId: string, trackName: string, image: string): StageConfig => ({
    refId,
    type: 'deployManifest',
    name: `Deploy ${trackName}`,
    account: 'local',
    cloudProvider: 'kubernetes',
    rollbackOnFailure: true,
    manifests: [track(o.namespace, `web-${trackName}`, trackName, image, 1)],
  });
  return [
    deploy('baseline', 'baseline', '${parameters.currentImage}'),
    deploy('canary', 'canary', '${parameters.newImage}'),
    {
      refId: 'analysis',
      type: 'kayentaCanary',
      name: 'Canary analysis',
      requisiteStageRefIds: ['baseline', 'canary'],
      canaryConfig: {
        inlineConfig: {
          name: 'web-latency',
          judge: { name: 'NetflixACAJudge-v1.0' },
          metrics: [
            {
              name: 'latency',
              query: { type: 'synthetic', mean: 100, sd: 10, seed: 'latency', overrides: { 'web-canary': { mean: o.canaryLatency, sd: o.canaryLatency / 10 } } },
              groups: ['performance'],
              analysisConfigurations: { canary: { direction: 'increase' } },
            },
          ],
          classifier: { groupWeights: { performance: 100 } },
        },
        scopes: [{ scopeName: 'default', controlScope: 'web-baseline', controlLocation: o.namespace, experimentScope: 'web-canary', experimentLocation: o.namespace, step: 0.1 }],
        scoreThresholds: { pass: 75, marginal: 50 },
        lifetimeDuration: o.lifetime ?? 'PT4S',
        canaryAnalysisIntervalMins: 2 / 60,
      },
    },
    {
      refId: 'promote',
      type: 'deployManifest',
      name: 'Promote',
      requisiteStageRefIds: ['analysis'],
      account: 'local',
      rollbackOnFailure: true,
      manifests: [track(o.namespace, 'web', 'stable', '${parameters.newImage}', 2)],
    },
    {
      refId: 'cleanup',
      type: 'deleteManifest',
      name: 'Delete baseline and canary',
      requisiteStageRefIds: ['promote'],
      account: 'local',
      location: o.namespace,
      kinds: ['deployment'],
      labelSelectors: { selectors: [{ key: 'track', kind: 'CONTAINS', values: ['baseline', 'canary'] }] },
    },
  ];
}
