/**
 * Starting and reading executions: `POST /pipelines/{app}/{nameOrId}` (and `/pipelines/v2/…`) →
 * 202 `{ref}`, `GET /pipelines/{id}`, `GET /executions`, `GET /applications/{app}/pipelines`.
 */
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { omitKeys } from '../../prisma/json';
import type { PipelineExecution, Trigger } from '../../workflows/model/execution';
import { resolveParameters } from '../../workflows/validation/parameters';
import { validatePipelineConfig } from '../../workflows/validation/pipeline';
import { actingUser, principalOf } from '../auth';
import { accessFor, type ApiDeps } from '../deps';
import { badRequest, notFound } from '../errors';
import { requireCrossApplicationAccess } from '../cross-application-check';
import { type AccessChecker, executionAuthentication } from '../permissions';
import { intParam, listParam } from '../query-params';
import { statusesParam } from '../statuses';
import { assertStartInput } from '../size-limits';
import { parseOrThrow } from '../validation';

/** The body of a start: a manual trigger as spin and Deck send it (unknown fields kept in the trigger). */
const triggerSchema = z
  .object({
    type: z
      .literal('manual', { errorMap: () => ({ message: "only 'manual' triggers can be started over REST" }) })
      .optional(),
    parameters: z.record(z.unknown()).optional(),
    user: z.string().optional(),
    idempotencyKey: z.string().min(1).max(200).optional(),
  })
  .passthrough();

const idempotencyKeySchema = z.string().min(1).max(200);

/** Executions per pipeline config when `limit` is absent: Orca answers the latest one for `/executions`. */
const DEFAULT_EXECUTIONS_LIMIT = 1;
const DEFAULT_APPLICATION_LIMIT = 10;
const LIMIT_BOUNDS = { min: 1, max: 1000 };

/** Gate's `pipelineNameOrId`: the config with that name in the application, else with that id. */
async function findPipeline(deps: ApiDeps, application: string, nameOrId: string) {
  const byName = await deps.pipelines.getByName(application, nameOrId);
  if (byName) return byName;
  const byId = await deps.pipelines.getById(nameOrId);
  return byId && byId.application === application.toLowerCase() ? byId : null;
}

async function readable(access: AccessChecker, executions: PipelineExecution[]): Promise<PipelineExecution[]> {
  const allowed: PipelineExecution[] = [];
  for (const execution of executions) {
    if (await access.allows(execution.application, 'READ')) allowed.push(execution);
  }
  return allowed;
}

export function executionsRouter(deps: ApiDeps): Router {
  const router = Router();

  async function start(req: Request, res: Response) {
    const { application, pipeline } = req.params as { application: string; pipeline: string };
    const body = parseOrThrow(triggerSchema, req.body ?? {}, 'trigger');
    const headerKey = req.get('idempotency-key');
    const idempotencyKey =
      headerKey === undefined
        ? body.idempotencyKey
        : parseOrThrow(idempotencyKeySchema, headerKey, 'Idempotency-Key header', 'header.Idempotency-Key');

    const config = await findPipeline(deps, application, pipeline);
    if (!config) throw notFound(`pipeline '${pipeline}' not found in application '${application}'`);
    const access = accessFor(deps, res);
    await access.require(config.application, 'EXECUTE');
    await requireCrossApplicationAccess(config, deps, access, { scope: 'start', subject: `pipeline '${config.name}'` });
    if (config.disabled) {
      throw badRequest(`pipeline '${config.name}' is disabled`, [{ path: 'disabled', message: 'pipeline is disabled' }]);
    }
    const configProblems = validatePipelineConfig(config);
    if (configProblems.length) {
      throw badRequest(`pipeline '${config.name}' is invalid; fix and save it first`, configProblems);
    }
    const { parameters, problems } = resolveParameters(config, body.parameters);
    if (problems.length) {
      throw badRequest(`invalid parameters: ${problems.map((p) => p.message).join('; ')}`, problems);
    }

    const trigger: Trigger = {
      ...omitKeys(body, ['idempotencyKey']),
      type: 'manual',
      user: actingUser(principalOf(res), body.user),
      parameters,
    };
    assertStartInput({ config, trigger });
    const authentication = executionAuthentication(principalOf(res)) ?? { user: trigger.user ?? 'anonymous' };
    const { id } = await deps.executions.start({ config, trigger, idempotencyKey, authentication });
    res.status(202).json({ ref: `/pipelines/${id}` });
  }

  router.post('/pipelines/v2/:application/:pipeline', start);
  router.post('/pipelines/:application/:pipeline', start);

  router.get('/pipelines/:id', async (req, res) => {
    const execution = await deps.executions.get(req.params.id);
    if (!execution) throw notFound(`execution '${req.params.id}' not found`);
    await accessFor(deps, res).require(execution.application, 'READ');
    res.json(execution);
  });

  /** Orca: either executionIds (statuses and limit ignored) or pipelineConfigIds; neither → []. */
  router.get('/executions', async (req, res) => {
    const executionIds = listParam(req.query.executionIds);
    const pipelineConfigIds = listParam(req.query.pipelineConfigIds);
    const limit = intParam(req.query.limit, 'limit', LIMIT_BOUNDS) ?? DEFAULT_EXECUTIONS_LIMIT;
    const statuses = statusesParam(req.query.statuses);
    let executions: PipelineExecution[] = [];
    if (executionIds) executions = await deps.executions.getMany(executionIds);
    else if (pipelineConfigIds) {
      executions = await deps.executions.list({ pipelineConfigIds, statuses, limitPerConfig: limit });
    }
    res.json(await readable(accessFor(deps, res), executions));
  });

  router.get('/applications/:application/pipelines', async (req, res) => {
    const limit = intParam(req.query.limit, 'limit', LIMIT_BOUNDS) ?? DEFAULT_APPLICATION_LIMIT;
    const statuses = statusesParam(req.query.statuses);
    const access = accessFor(deps, res);
    await access.require(req.params.application, 'READ');
    const executions = await deps.executions.list({
      application: req.params.application.toLowerCase(),
      statuses,
      limitPerConfig: limit,
    });
    res.json(executions);
  });

  return router;
}
