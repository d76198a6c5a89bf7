/**
 * Messages to a running execution, each a Temporal Update so the answer says whether it was
 * accepted: cancel, pause, resume, and `PATCH /pipelines/{id}/stages/{stageId}` (judgment, skip).
 */
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { actingUser, principalOf } from '../auth';
import { accessFor, type ApiDeps } from '../deps';
import { badRequest, notFound } from '../errors';
import { stringParam } from '../query-params';
import type { ExecutionRef } from '../temporal/execution-service';
import { parseOrThrow } from '../validation';

const stagePatchSchema = z
  .object({
    judgmentStatus: z
      .string()
      .transform((s) => s.toLowerCase())
      .pipe(z.enum(['continue', 'stop'], { errorMap: () => ({ message: "must be 'continue' or 'stop'" }) }))
      .optional(),
    judgmentInput: z.string().optional(),
    comment: z.string().optional(),
    skipRemainingWait: z.boolean().optional(),
    user: z.string().optional(),
    roles: z.array(z.string()).optional(),
  })
  .passthrough();

export function executionActionsRouter(deps: ApiDeps): Router {
  const router = Router();

  /** The execution, authorized for EXECUTE; 404 when it does not exist. */
  async function executable(id: string, res: Response): Promise<ExecutionRef> {
    const ref = await deps.executions.ref(id);
    if (!ref) throw notFound(`execution '${id}' not found`);
    await accessFor(deps, res).require(ref.application, 'EXECUTE');
    return ref;
  }

  const cancel = async (req: Request<{ id: string }>, res: Response) => {
    const ref = await executable(req.params.id, res);
    const reason = stringParam(req.query.reason);
    res.json(await deps.executions.cancel(ref, { reason, user: actingUser(principalOf(res)) }));
  };
  router.put('/pipelines/:id/cancel', cancel);
  // spin sends a literal `%7Bapplication%7D` here: any segment is accepted.
  router.put('/applications/:application/pipelines/:id/cancel', cancel);

  router.put('/pipelines/:id/pause', async (req, res) => {
    const ref = await executable(req.params.id, res);
    res.json(await deps.executions.pause(ref, { user: actingUser(principalOf(res)) }));
  });

  router.put('/pipelines/:id/resume', async (req, res) => {
    const ref = await executable(req.params.id, res);
    res.json(await deps.executions.resume(ref, { user: actingUser(principalOf(res)) }));
  });

  router.patch('/pipelines/:id/stages/:stageId', async (req, res) => {
    const body = parseOrThrow(stagePatchSchema, req.body ?? {}, 'stage patch');
    if (body.judgmentStatus === undefined && body.skipRemainingWait === undefined) {
      const message = 'give judgmentStatus (continue|stop) or skipRemainingWait';
      throw badRequest(`invalid stage patch: ${message}`, [{ path: '', message }]);
    }
    const ref = await executable(req.params.id, res);
    const principal = principalOf(res);
    // With authentication on, roles come from the credentials; an open API trusts the body, as it trusts everything else.
    const roles = principal.kind === 'user' ? principal.roles : body.roles;
    const execution = await deps.executions.patchStage(ref, {
      stage: req.params.stageId,
      judgmentStatus: body.judgmentStatus,
      judgmentInput: body.judgmentInput,
      comment: body.comment,
      skipRemainingWait: body.skipRemainingWait,
      user: actingUser(principal, body.user),
      ...(roles ? { roles } : {}),
    });
    res.json(execution);
  });

  return router;
}
