/**
 * Deploy accounts under Spinnaker's `/credentials` paths: Clouddriver's shapes for reading (what
 * `spin account list|get` decode), Clouddriver's account API for writing. Secrets stay out of
 * every answer and every log line: answers are built from redacted accounts, and a body that is
 * not JSON is refused without quoting it.
 *
 * Auth (when on): any authenticated user may read accounts; creating and deleting them needs an
 * admin role (`GENNAKER_AUTH_ADMIN_ROLES`).
 */
import { type ErrorRequestHandler, type Response, Router } from 'express';
import { checkAccount } from '../account-check';
import { accountDetails, accountSummary } from '../account-view';
import { principalOf } from '../auth';
import type { ApiDeps } from '../deps';
import { badRequest, forbidden, notFound } from '../errors';
import { silentLogger } from '../logger';
import { boolParam } from '../query-params';

function requireAccountAdmin(res: Response): string {
  const principal = principalOf(res);
  if (principal.kind === 'open') return 'anonymous';
  if (!principal.admin) throw forbidden(`${principal.user} may not manage accounts: that needs an admin role (GENNAKER_AUTH_ADMIN_ROLES)`);
  return principal.user;
}

/**
 * For `/credentials` only: the JSON parser's message quotes the start of a body it cannot parse,
 * which may be a kubeconfig. Mount it right after the body parser.
 */
export const credentialsBodyErrors: ErrorRequestHandler = (err, _req, _res, next) => {
  if ((err as { type?: unknown })?.type === 'entity.parse.failed') {
    const message = 'malformed JSON body (the body is not quoted here: it may hold a secret)';
    return next(badRequest(message, [{ path: '', message }]));
  }
  next(err);
};

export function credentialsRouter(deps: ApiDeps): Router {
  const router = Router();
  const store = deps.accounts;
  const logger = deps.logger ?? silentLogger;

  router.get('/credentials', async (req, res) => {
    const expand = boolParam(req.query.expand, 'expand') ?? false;
    const accounts = await store.list();
    res.json(accounts.map(expand ? accountDetails : accountSummary));
  });

  router.get('/credentials/:name', async (req, res) => {
    const account = await store.get(req.params.name);
    if (!account) throw notFound(`account '${req.params.name}' not found`);
    res.json(accountDetails(account));
  });

  router.post('/credentials', async (req, res) => {
    const user = requireAccountAdmin(res);
    const created = await store.create(checkAccount(req.body));
    logger.info('account created', { account: created.name, type: created.type, user });
    res.json(accountDetails(created));
  });

  router.delete('/credentials/:name', async (req, res) => {
    const user = requireAccountAdmin(res);
    const deleted = await store.delete(req.params.name);
    if (!deleted) throw notFound(`account '${req.params.name}' not found`);
    logger.info('account deleted', { account: deleted.name, type: deleted.type, user });
    res.json(accountDetails(deleted));
  });

  return router;
}
