import { ApplicationFailure, Context, log } from '@temporalio/activity';
import { validateCanaryConfig } from '../../canary/config';
import { judge, type CanaryJudgeResult } from '../../canary/judge';
import type { CanaryConfig } from '../../canary/config';
import { authenticationAllows } from '../../workflows/model/authentication';
import { CanaryErrorType } from '../../workflows/stages/canary/error-types';
import type { ApplicationPermissionSource } from '../permission-activities';
import { toWellFormedJson, toWellFormedText } from '../../workflows/model/well-formed';
import { MetricProviderError } from '../metrics/errors';
import type { MetricProviders } from '../metrics/types';
import { describeQueries } from './describe-queries';
import { fetchMetricSetPairs } from './fetch-metric-set-pairs';
import type { CanaryConfigSource, CanaryIntervalRequest, CanaryIntervalResult, CanaryPreparation, CanaryPreparationRequest } from './types';
import { fewPointsWarning } from './warnings';

/** The clients the canary activities use. */
export interface CanaryActivityDeps {
  metrics: MetricProviders;
  canaryConfigs: CanaryConfigSource;
  /** Stored application permissions, for the run-time READ check on another application's config. */
  applications?: ApplicationPermissionSource;
}

/** How often a working judge activity heartbeats, well inside the stage's heartbeat timeout. */
const HEARTBEAT_EVERY_MS = 5000;

function assertValidConfig(config: unknown, what: string): void {
  const problems = validateCanaryConfig(config);
  if (!problems.length) return;
  const list = problems.map((p) => `${p.path || '(root)'}: ${p.message}`).join('; ');
  throw ApplicationFailure.nonRetryable(toWellFormedText(`${what} is not a valid canary config: ${list}`), CanaryErrorType.CanaryConfigInvalid);
}

/**
 * The user may have lost access since save and start: a config of other applications needs READ
 * on one of them now (a config shared with the execution's own application needs nothing more).
 */
async function assertMayRead(applications: ApplicationPermissionSource | undefined, request: CanaryPreparationRequest, config: CanaryConfig): Promise<void> {
  const { authentication } = request;
  if (!authentication?.roles || authentication.admin) return;
  const owners = (config.applications ?? []).map((a) => a.toLowerCase());
  if (!owners.length || (request.application && owners.includes(request.application.toLowerCase()))) return;
  if (applications) {
    for (const owner of owners) {
      if (authenticationAllows(authentication, await applications.getApplicationPermissions(owner), 'READ')) return;
    }
  }
  throw ApplicationFailure.nonRetryable(
    toWellFormedText(`${authentication.user} lacks READ permission on the applications of canary config '${request.canaryConfigId}' (${owners.join(', ')})`),
    CanaryErrorType.CanaryConfigForbidden,
  );
}

/** A provider failure as Temporal should treat it: mistakes fail at once, outages are retried. */
function metricFailure(err: unknown): unknown {
  if (!(err instanceof MetricProviderError)) return err;
  switch (err.kind) {
    case 'config':
      return ApplicationFailure.nonRetryable(err.message, CanaryErrorType.MetricsAccountNotFound);
    case 'query':
      return ApplicationFailure.nonRetryable(err.message, CanaryErrorType.MetricQueryInvalid);
    default:
      return ApplicationFailure.retryable(err.message, 'MetricsStoreUnavailable');
  }
}

/**
 * Canary analysis activities. Both are reads plus computation over inputs the workflow fixed
 * (config, planned windows), so a retry after a crash does exactly the same work again.
 */
export function createCanaryActivities(deps: CanaryActivityDeps) {
  return {
    /**
     * Runs once when a `kayentaCanary` stage starts: reads the stored config (or takes the inline
     * one), validates it, and builds every metric's queries without running them, so a bad config,
     * account or template fails the stage at once rather than after its first interval.
     */
    async prepareCanary(request: CanaryPreparationRequest): Promise<CanaryPreparation> {
      let canaryConfig = request.inlineConfig;
      if (!canaryConfig) {
        const id = request.canaryConfigId ?? '';
        const stored = await deps.canaryConfigs.getCanaryConfig(id);
        if (!stored) throw ApplicationFailure.nonRetryable(`canary config '${id}' not found`, CanaryErrorType.CanaryConfigNotFound);
        assertValidConfig(stored, `canary config '${id}'`);
        await assertMayRead(deps.applications, request, stored);
        canaryConfig = stored;
      } else {
        assertValidConfig(canaryConfig, 'the inline canary config');
      }
      try {
        // Everything returned reaches the workflow: external text must be valid Unicode.
        return toWellFormedJson({ canaryConfig, queries: describeQueries(canaryConfig, request.scopes, request.metricsAccountName, deps.metrics) });
      } catch (err) {
        throw metricFailure(err);
      }
    },

    /**
     * Fetches every metric of the canary config for one interval's control and experiment windows,
     * judges them and returns the judge's verdict (raw series never leave the activity).
     * Heartbeats while it works, so a killed worker is noticed within the heartbeat timeout.
     */
    async judgeCanaryInterval(request: CanaryIntervalRequest): Promise<CanaryIntervalResult> {
      const ctx = Context.current();
      assertValidConfig(request.canaryConfig, 'the canary config');
      const started = performance.now();
      let progress: Record<string, unknown> = { fetched: 0, total: request.canaryConfig.metrics.length };
      // Keeps heartbeating through a slow query; stops when this worker dies.
      const ticker = setInterval(() => ctx.heartbeat(progress), HEARTBEAT_EVERY_MS);
      try {
        let fetched: Awaited<ReturnType<typeof fetchMetricSetPairs>>;
        try {
          fetched = await fetchMetricSetPairs({
            canaryConfig: request.canaryConfig,
            scopes: request.scopes,
            metricsAccountName: request.metricsAccountName,
            providers: deps.metrics,
            signal: ctx.cancellationSignal,
            onMetricFetched: (metric, done, total) => {
              progress = { fetched: done, total, metric };
              ctx.heartbeat(progress);
            },
          });
        } catch (err) {
          if (ctx.cancellationSignal.aborted) throw ctx.cancellationSignal.reason ?? err;
          throw metricFailure(err);
        }

        let judgeResult: CanaryJudgeResult;
        try {
          judgeResult = judge({
            canaryConfig: request.canaryConfig,
            metricSetPairList: fetched.pairs,
            scoreThresholds: request.scoreThresholds,
            sequential: request.sequential,
          });
        } catch (err) {
          // The judge is deterministic: the same data would fail the same way on every retry.
          throw ApplicationFailure.nonRetryable(toWellFormedText(`the canary judge failed: ${(err as Error).message}`), CanaryErrorType.CanaryJudgeFailed);
        }
        const warnings = [...fetched.warnings];
        const few = fewPointsWarning(judgeResult);
        if (few) warnings.push(few);
        log.info('canary interval judged', {
          label: request.label,
          score: judgeResult.score.score,
          classification: judgeResult.score.classification,
          metricSetPairs: fetched.pairs.length,
          ms: Math.round(performance.now() - started),
        });
        return toWellFormedJson({ judgeResult, warnings });
      } finally {
        clearInterval(ticker);
      }
    },
  };
}
