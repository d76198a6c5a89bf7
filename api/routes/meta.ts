/** `GET /version` (spin calls it before every command) and `GET /openapi.json`. */
import { Router } from 'express';
import type { ApiDeps } from '../deps';
import { openApiDocument } from '../openapi';

export function metaRouter(deps: ApiDeps): Router {
  const router = Router();
  const version = deps.version ?? '0.0.0';
  router.get('/version', (_req, res) => {
    res.json({ version });
  });
  router.get('/openapi.json', (_req, res) => {
    res.json(openApiDocument(version));
  });
  return router;
}
