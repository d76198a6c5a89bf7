/** Applications in Front50's shape, and their pipeline configs (read side). */
import { Router } from 'express';
import { accessFor, type ApiDeps } from '../deps';
import { notFound } from '../errors';

export function applicationsRouter(deps: ApiDeps): Router {
  const router = Router();

  /** Gate answers the list with each application's attributes. */
  router.get('/applications', async (_req, res) => {
    const access = accessFor(deps, res);
    const all = await deps.applications.list();
    const readable = [];
    for (const app of all) if (await access.allows(app.name, 'READ')) readable.push(app.attributes);
    res.json(readable);
  });

  /** `expand` is accepted; there are no clusters to expand into. */
  router.get('/applications/:application', async (req, res) => {
    const app = await deps.applications.get(req.params.application);
    if (!app) throw notFound(`application '${req.params.application}' not found`);
    await accessFor(deps, res).require(app.name, 'READ');
    res.json({ name: app.name, attributes: app.attributes });
  });

  router.get('/applications/:application/pipelineConfigs', async (req, res) => {
    await accessFor(deps, res).require(req.params.application, 'READ');
    res.json(await deps.pipelines.listByApplication(req.params.application));
  });

  router.get('/applications/:application/pipelineConfigs/:name', async (req, res) => {
    const { application, name } = req.params;
    await accessFor(deps, res).require(application, 'READ');
    const config = await deps.pipelines.getByName(application, name);
    if (!config) throw notFound(`pipeline '${name}' not found in application '${application}'`);
    res.json(config);
  });

  return router;
}
