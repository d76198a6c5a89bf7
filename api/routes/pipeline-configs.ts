/** Saving and deleting pipeline configs (`POST /pipelines`, `PUT /pipelines/{id}`, `DELETE /pipelines/{app}/{name}`). */
import { Router, type Request, type Response } from 'express';
import type { PipelineConfigInput } from '../../prisma/pipeline-store';
import { validatePipelineConfig } from '../../workflows/validation/pipeline';
import { actingUser, principalOf } from '../auth';
import { requireCrossApplicationAccess } from '../cross-application-check';
import { accessFor, type ApiDeps } from '../deps';
import { badRequest, notFound } from '../errors';
import { pipelineConfigSchema } from '../pipeline-config-schema';
import { assertPipelineConfigSize } from '../size-limits';
import { reconcileCronAfterWrite } from '../cron/after-write';
import { cronTriggerProblems } from '../cron/cron-triggers';
import { boolParam } from '../query-params';
import { mergeProblems, zodProblems } from '../validation';

/**
 * Every problem of a submitted config at once, or the typed config. The engine's validator is
 * the authority; the API's schema only adds problems at paths the validator said nothing about
 * (the fields the store relies on), so a field is not reported twice in different words.
 */
export function checkPipelineConfig(body: unknown): PipelineConfigInput {
  assertPipelineConfigSize(body);
  const shape = pipelineConfigSchema.safeParse(body);
  const engine = validatePipelineConfig(body);
  const reported = new Set(engine.map((p) => p.path));
  const own = shape.success ? [] : zodProblems(shape.error).filter((p) => !reported.has(p.path));
  const problems = mergeProblems(engine, own, cronTriggerProblems(body));
  if (!shape.success || problems.length) {
    throw badRequest(
      `invalid pipeline config: ${problems.map((p) => `${p.path || '(root)'}: ${p.message}`).join('; ')}`,
      problems,
    );
  }
  return shape.data as PipelineConfigInput;
}

export function pipelineConfigsRouter(deps: ApiDeps): Router {
  const router = Router();

  async function save(req: Request, res: Response, input: PipelineConfigInput) {
    const access = accessFor(deps, res);
    await access.require(input.application, 'WRITE');
    if (input.id) {
      // Saving under an existing id may move the config from another application.
      const existing = await deps.pipelines.getById(input.id);
      if (existing) await access.require(existing.application, 'WRITE');
    }
    await requireCrossApplicationAccess(input, deps, access);
    const saved = await deps.pipelines.save(input, {
      user: actingUser(principalOf(res), input.lastModifiedBy),
      staleCheck: boolParam(req.query.staleCheck, 'staleCheck') ?? false,
    });
    await reconcileCronAfterWrite(deps, res, saved.id);
    res.json(saved);
  }

  router.post('/pipelines', async (req, res) => {
    await save(req, res, checkPipelineConfig(req.body));
  });

  router.put('/pipelines/:id', async (req, res) => {
    const input = checkPipelineConfig(req.body);
    if (input.id !== undefined && input.id !== req.params.id) {
      const message = `must match the id in the path (${req.params.id})`;
      throw badRequest(`invalid pipeline config: id ${message}`, [{ path: 'id', message }]);
    }
    await save(req, res, { ...input, id: req.params.id });
  });

  router.delete('/pipelines/:application/:name', async (req, res) => {
    const { application, name } = req.params;
    await accessFor(deps, res).require(application, 'WRITE');
    const deleted = await deps.pipelines.deleteByName(application, name);
    if (!deleted) throw notFound(`pipeline '${name}' not found in application '${application}'`);
    await reconcileCronAfterWrite(deps, res, deleted.id);
    res.json(deleted);
  });

  return router;
}
