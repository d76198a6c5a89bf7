/**
 * Version history of a pipeline config: Front50's `GET /pipelineConfigs/{id}/history`, one
 * version by number, and restoring a version (saved again as the newest version).
 */
import { Router } from 'express';
import { actingUser, principalOf } from '../auth';
import { accessFor, type ApiDeps } from '../deps';
import { badRequest, notFound } from '../errors';
import { reconcileCronAfterWrite } from '../cron/after-write';
import { intParam } from '../query-params';

function versionParam(value: string): number {
  const version = Number(value);
  if (!Number.isInteger(version) || version < 1) {
    const message = 'must be a positive integer';
    throw badRequest(`invalid version: ${message}`, [{ path: 'version', message }]);
  }
  return version;
}

export function pipelineHistoryRouter(deps: ApiDeps): Router {
  const router = Router();

  /** The application a config belongs (or belonged) to, for permission checks; 404 if it never existed. */
  async function applicationOf(id: string): Promise<string> {
    const current = await deps.pipelines.getById(id);
    if (current) return current.application;
    const [latest] = await deps.pipelines.history(id, 1);
    if (!latest) throw notFound(`pipeline config '${id}' not found`);
    return latest.application;
  }

  router.get('/pipelineConfigs/:id/history', async (req, res) => {
    const limit = intParam(req.query.limit, 'limit', { min: 1, max: 10_000 }) ?? 20;
    await accessFor(deps, res).require(await applicationOf(req.params.id), 'READ');
    res.json(await deps.pipelines.history(req.params.id, limit));
  });

  router.get('/pipelineConfigs/:id/history/:version', async (req, res) => {
    const version = versionParam(req.params.version);
    await accessFor(deps, res).require(await applicationOf(req.params.id), 'READ');
    const config = await deps.pipelines.getVersion(req.params.id, version);
    if (!config) throw notFound(`pipeline config '${req.params.id}' has no version ${version}`);
    res.json(config);
  });

  router.post('/pipelineConfigs/:id/restore/:version', async (req, res) => {
    const version = versionParam(req.params.version);
    const access = accessFor(deps, res);
    await access.require(await applicationOf(req.params.id), 'WRITE');
    const old = await deps.pipelines.getVersion(req.params.id, version);
    if (!old) throw notFound(`pipeline config '${req.params.id}' has no version ${version}`);
    await access.require(old.application, 'WRITE');
    const restored = await deps.pipelines.restore(req.params.id, version, { user: actingUser(principalOf(res)) });
    if (!restored) throw notFound(`pipeline config '${req.params.id}' has no version ${version}`);
    await reconcileCronAfterWrite(deps, res, restored.id);
    res.json(restored);
  });

  return router;
}
