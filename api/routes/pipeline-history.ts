/**
 * Version history of a pipeline config: Front50's `GET /pipelineConfigs/{id}/history`, one
 * version by number, and restoring a version (saved again as the newest version).
 */
import { Router } from 'express';
import { actingUser, principalOf } from '../auth';
import { requireCrossApplicationAccess } from '../cross-application-check';
import { accessFor, type ApiDeps } from '../deps';
import { badRequest, notFound } from '../errors';
import { reconcileCronAfterWrite } from '../cron/after-write';
import { intParam } from '../query-params';

/** Versions are PostgreSQL `integer`s: a larger number cannot name one and must not reach a query. */
const MAX_VERSION = 2_147_483_647;

function versionParam(value: string): number {
  const version = /^\d{1,10}$/.test(value) ? Number(value) : NaN;
  if (!(version >= 1 && version <= MAX_VERSION)) {
    const message = `must be an integer from 1 to ${MAX_VERSION}`;
    throw badRequest(`invalid version: ${message}`, [{ path: 'path.version', message }]);
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
    const access = accessFor(deps, res);
    await access.require(await applicationOf(req.params.id), 'READ');
    // A config moved between applications keeps its history: versions saved under an
    // application the caller may not read are left out.
    const versions = await deps.pipelines.history(req.params.id, limit);
    const readable = [];
    for (const version of versions) if (await access.allows(version.application, 'READ')) readable.push(version);
    res.json(readable);
  });

  router.get('/pipelineConfigs/:id/history/:version', async (req, res) => {
    const version = versionParam(req.params.version);
    const access = accessFor(deps, res);
    await access.require(await applicationOf(req.params.id), 'READ');
    const config = await deps.pipelines.getVersion(req.params.id, version);
    if (!config) throw notFound(`pipeline config '${req.params.id}' has no version ${version}`);
    await access.require(config.application, 'READ');
    res.json(config);
  });

  router.post('/pipelineConfigs/:id/restore/:version', async (req, res) => {
    const version = versionParam(req.params.version);
    const access = accessFor(deps, res);
    await access.require(await applicationOf(req.params.id), 'WRITE');
    const old = await deps.pipelines.getVersion(req.params.id, version);
    if (!old) throw notFound(`pipeline config '${req.params.id}' has no version ${version}`);
    await access.require(old.application, 'WRITE');
    await requireCrossApplicationAccess(old, deps, access, { subject: `version ${version} of pipeline config '${req.params.id}'` });
    const restored = await deps.pipelines.restore(req.params.id, version, { user: actingUser(principalOf(res)) });
    if (!restored) throw notFound(`pipeline config '${req.params.id}' has no version ${version}`);
    await reconcileCronAfterWrite(deps, res, restored.id);
    res.json(restored);
  });

  return router;
}
