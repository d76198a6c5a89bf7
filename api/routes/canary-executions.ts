/**
 * Kayenta's one-off canary executions, as Gate proxies them and `spin canary canary-config retro`
 * calls them: `POST /v2/canaries/canary` (inline config or `canaryConfigId`),
 * `POST /v2/canaries/canary/{canaryConfigId}` (a stored config; the body is the execution request),
 * both → 200 `{canaryExecutionId}`, and `GET /v2/canaries/canary/{id}`. Each runs as a
 * `canaryExecutionWorkflow`; the config is read once, here, and passed in.
 */
import { Router, type Response } from 'express';
import type { z } from 'zod';
import type { CanaryConfig } from '../../canary/config';
import { DEFAULT_SCORE_THRESHOLDS } from '../../canary/judge';
import { isJsonObject } from '../../prisma/json';
import type { ValidationProblem } from '../../workflows/validation/problem';
import { canaryConfigProblems } from '../canary-config-check';
import { adhocRequestSchema, canaryWindows, executionRequestSchema, missingScopeProblems, parseProblems } from '../canary-execution-request';
import { canaryExecutionStatus } from '../canary-execution-status';
import { accessFor, type ApiDeps } from '../deps';
import { badRequest, notFound } from '../errors';
import { stringParam } from '../query-params';
import { requireOnAll } from './canary-configs';

function invalid(what: string, problems: ValidationProblem[]) {
  return badRequest(`invalid ${what}: ${problems.map((p) => `${p.path || '(root)'}: ${p.message}`).join('; ')}`, problems);
}

/** Where the parts of a request sit in its body, for problem paths. */
interface RequestPaths {
  /** Path of an inline config (`canaryConfig`), or undefined for a stored one. */
  config?: string;
  scopes: string;
}

interface StartRequest {
  config: CanaryConfig;
  canaryConfigId?: string;
  executionRequest: z.infer<typeof executionRequestSchema>;
  /** The request as sent, echoed in the status. */
  rawExecutionRequest: Record<string, unknown>;
  metricsAccountName?: string;
  paths: RequestPaths;
}

export function canaryExecutionsRouter(deps: ApiDeps): Router {
  const router = Router();

  async function storedConfig(id: string): Promise<CanaryConfig> {
    const stored = await deps.canaryConfigs.get(id);
    if (!stored) throw notFound(`canary config '${id}' not found`);
    const problems = canaryConfigProblems(stored);
    if (problems.length) throw invalid(`stored canary config '${id}' (fix and save it first)`, problems);
    return stored;
  }

  async function start(res: Response, query: Record<string, unknown>, request: StartRequest) {
    const { config, executionRequest, paths } = request;
    const windows = canaryWindows(executionRequest);
    const scopeProblems = missingScopeProblems(config, windows.scopes, paths.config ?? '', paths.scopes);
    if (scopeProblems.length) throw invalid('canary execution request', scopeProblems);

    const application = stringParam(query.application);
    await requireOnAll(accessFor(deps, res), [...(config.applications ?? []), ...(application ? [application] : [])], 'EXECUTE');
    const thresholds = windows.thresholds ?? config.classifier?.scoreThresholds ?? DEFAULT_SCORE_THRESHOLDS;
    const canaryExecutionId = await deps.canaries.start({
      canaryConfig: config,
      canaryConfigId: request.canaryConfigId,
      scopes: windows.scopes,
      scoreThresholds: { pass: thresholds.pass, marginal: thresholds.marginal },
      metricsAccountName: stringParam(query.metricsAccountName) ?? request.metricsAccountName,
      application,
      parentPipelineExecutionId: stringParam(query.parentPipelineExecutionId),
      storageAccountName: stringParam(query.storageAccountName),
      executionRequest: request.rawExecutionRequest,
      buildTime: Date.now(),
    });
    res.json({ canaryExecutionId });
  }

  router.post('/v2/canaries/canary', async (req, res) => {
    const body: unknown = req.body ?? {};
    const parsed = parseProblems(adhocRequestSchema, body);
    const fields = isJsonObject(body) ? body : {};
    const inline = fields.canaryConfig;
    const canaryConfigId = parsed.data?.canaryConfigId ?? stringParam(req.query.canaryConfigId);
    const problems = [...parsed.problems];
    if (inline !== undefined && canaryConfigId) {
      problems.push({ path: 'canaryConfigId', message: 'give either canaryConfig or canaryConfigId, not both' });
    } else if (inline === undefined && !canaryConfigId) {
      problems.push({ path: 'canaryConfig', message: 'is required (the canary config itself), unless canaryConfigId names a stored one' });
    } else if (inline !== undefined) {
      problems.push(...canaryConfigProblems(inline, { prefix: 'canaryConfig' }));
    }
    if (problems.length || !parsed.data) throw invalid('canary execution request', problems);

    await start(res, req.query, {
      config: inline !== undefined ? (inline as CanaryConfig) : await storedConfig(canaryConfigId!),
      canaryConfigId: inline !== undefined ? undefined : canaryConfigId,
      executionRequest: parsed.data.executionRequest,
      rawExecutionRequest: fields.executionRequest as Record<string, unknown>,
      metricsAccountName: parsed.data.metricsAccountName,
      paths: { config: inline !== undefined ? 'canaryConfig' : undefined, scopes: 'executionRequest.scopes' },
    });
  });

  router.post('/v2/canaries/canary/:canaryConfigId', async (req, res) => {
    const parsed = parseProblems(executionRequestSchema, req.body ?? {});
    if (!parsed.data) throw invalid('canary execution request', parsed.problems);
    const { canaryConfigId } = req.params;
    await start(res, req.query, {
      config: await storedConfig(canaryConfigId),
      canaryConfigId,
      executionRequest: parsed.data,
      rawExecutionRequest: req.body as Record<string, unknown>,
      paths: { scopes: 'scopes' },
    });
  });

  router.get('/v2/canaries/canary/:id', async (req, res) => {
    const record = await deps.canaries.get(req.params.id);
    if (!record) throw notFound(`canary execution '${req.params.id}' not found`);
    const input = record.input;
    const applications = [...(input?.canaryConfig.applications ?? []), ...(input?.application ? [input.application] : [])];
    await requireOnAll(accessFor(deps, res), applications, 'READ');
    res.json(canaryExecutionStatus(record));
  });

  return router;
}
