/**
 * Kayenta's canary config API (`/v2/canaryConfig`), as Gate proxies it and `spin canary
 * canary-config list|get|save|delete` calls it. spin accepts nothing but 200, so saves and deletes
 * answer 200 where Kayenta answers 200 and 204. `configurationAccountName` is accepted and ignored:
 * there is one store.
 */
import { Router } from 'express';
import { accessFor, type ApiDeps } from '../deps';
import { badRequest, notFound } from '../errors';
import { checkCanaryConfig } from '../canary-config-check';
import type { AccessChecker, Permission } from '../permissions';
import { stringParam } from '../query-params';

/** A canary config belongs to each of its applications: an action needs the permission on all of them. */
export async function requireOnAll(access: AccessChecker, applications: readonly string[], action: Permission): Promise<void> {
  for (const application of applications) await access.require(application, action);
}

async function allowedOnAll(access: AccessChecker, applications: readonly string[], action: Permission): Promise<boolean> {
  for (const application of applications) if (!(await access.allows(application, action))) return false;
  return true;
}

export function canaryConfigsRouter(deps: ApiDeps): Router {
  const router = Router();
  const store = deps.canaryConfigs;

  router.get('/v2/canaryConfig', async (req, res) => {
    const access = accessFor(deps, res);
    const summaries = await store.list(stringParam(req.query.application));
    const readable = [];
    for (const summary of summaries) if (await allowedOnAll(access, summary.applications, 'READ')) readable.push(summary);
    res.json(readable);
  });

  router.get('/v2/canaryConfig/:id', async (req, res) => {
    const config = await store.get(req.params.id);
    if (!config) throw notFound(`canary config '${req.params.id}' not found`);
    await requireOnAll(accessFor(deps, res), config.applications, 'READ');
    res.json(config);
  });

  router.post('/v2/canaryConfig', async (req, res) => {
    const input = checkCanaryConfig(req.body);
    await requireOnAll(accessFor(deps, res), input.applications ?? [], 'WRITE');
    const created = await store.create(input);
    res.json({ canaryConfigId: created.id });
  });

  router.put('/v2/canaryConfig/:id', async (req, res) => {
    const { id } = req.params;
    const input = checkCanaryConfig(req.body);
    if (input.id !== undefined && input.id !== id) {
      const message = `must match the id in the path (${id})`;
      throw badRequest(`invalid canary config: id ${message}`, [{ path: 'id', message }]);
    }
    const existing = await store.get(id);
    if (!existing) throw notFound(`canary config '${id}' not found; create it with POST /v2/canaryConfig`);
    const access = accessFor(deps, res);
    // Moving a config between applications needs WRITE on the ones it leaves and the ones it joins.
    await requireOnAll(access, [...existing.applications, ...(input.applications ?? [])], 'WRITE');
    const updated = await store.update(id, input);
    if (!updated) throw notFound(`canary config '${id}' not found`);
    res.json({ canaryConfigId: updated.id });
  });

  router.delete('/v2/canaryConfig/:id', async (req, res) => {
    const { id } = req.params;
    const existing = await store.get(id);
    if (!existing) throw notFound(`canary config '${id}' not found`);
    await requireOnAll(accessFor(deps, res), existing.applications, 'WRITE');
    if (!(await store.delete(id))) throw notFound(`canary config '${id}' not found`);
    res.json({ canaryConfigId: id });
  });

  return router;
}
