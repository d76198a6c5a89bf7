/**
 * Event endpoints (Echo's `/webhooks/...`): each parses its sender's JSON into trigger events,
 * matches them through the trigger index and starts what matched. They answer Echo's
 * `{eventProcessed, eventId}` plus `executions`, `refused` and `notMatched` (see dispatch.ts).
 *
 * Like Echo's, these endpoints take no API credentials (GitHub, registries and CIs cannot send a
 * Gennaker token): a git trigger's `secret` authenticates its sender, and a trigger only ever runs
 * as its `runAsUser`, which needs EXECUTE on the application when auth is on. They read the raw
 * body themselves (HMACs are computed over the exact bytes) and refuse more than
 * {@link WEBHOOK_BODY_LIMIT} with a 413.
 */
import express, { Router, type Request, type Response } from 'express';
import { BUILD_TRIGGER_TYPES } from '../../workflows/triggers/build';
import type { ApiDeps } from '../deps';
import { badRequest } from '../errors';
import { silentLogger } from '../logger';
import { buildEvent, parseGenericBuild, parseJenkinsNotification } from './build-event';
import { hashDelivery, headerDeliveryId } from './delivery-id';
import { dispatchEvent, mergeAnswers, type DispatchDeps, type EventAnswer } from './dispatch';
import { dockerEvent, parseDockerHubPush, parseRegistryEnvelope } from './docker-event';
import { gitEvent, parseBitbucketPush, parseGithubPush, parseGitlabPush, type GitPush } from './git-event';
import { jsonValueProblems } from '../middleware/json-hygiene';
import { createTriggeredStarter } from './start-triggered';
import { webhookEvent } from './webhook-event';

/** Largest event body accepted (GitHub caps its payloads at 25 MB; pushes are far smaller). */
export const WEBHOOK_BODY_LIMIT = '5mb';

type Json = Record<string, unknown>;

/** The raw body (for signatures) and its JSON object; empty means `{}` (Bitbucket's ping). */
function readBody(req: Request): { raw: Buffer; body: Json } {
  const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
  if (raw.length === 0) return { raw, body: {} };
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw.toString('utf8'));
  } catch (error) {
    const message = `malformed JSON body: ${(error as Error).message}`;
    throw badRequest(message, [{ path: '', message }]);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw badRequest('the event body must be a JSON object', [{ path: '', message: 'must be a JSON object' }]);
  }
  // The same checks the JSON parser applies to every other route (depth, NUL, lone surrogates).
  const { problems } = jsonValueProblems(parsed);
  if (problems.length) throw badRequest(`invalid event body: ${problems[0].path || '(root)'}: ${problems[0].message}`, problems);
  return { raw, body: parsed as Json };
}

const explicitKey = (req: Request) => headerDeliveryId(req, ['idempotency-key']);

export function webhooksRouter(deps: ApiDeps): Router {
  const router = Router();
  const logger = deps.logger ?? silentLogger;
  const dispatchDeps: DispatchDeps = {
    pipelines: deps.pipelines,
    startTriggered: createTriggeredStarter({ executions: deps.executions, applications: deps.applications, auth: deps.auth }),
  };
  router.use(express.raw({ type: () => true, limit: WEBHOOK_BODY_LIMIT }));

  function answer(res: Response, kind: string, result: EventAnswer) {
    logger.info('trigger event', {
      kind,
      eventId: result.eventId,
      started: result.executions.map((e) => e.executionId),
      refused: result.refused.length,
      notMatched: result.notMatched.length,
    });
    res.json(result);
  }

  router.post('/webhook/:source', async (req, res) => {
    const { raw, body } = readBody(req);
    const source = req.params.source;
    const deliveryId = explicitKey(req) ?? hashDelivery('webhook', source, raw);
    answer(res, `webhook:${source}`, await dispatchEvent(dispatchDeps, webhookEvent(source, body, deliveryId)));
  });

  router.post('/git/:source', async (req, res) => {
    const { source } = req.params;
    if (!['github', 'gitlab', 'bitbucket'].includes(source)) {
      const message = `unknown git source '${source}' (github, gitlab or bitbucket)`;
      throw badRequest(message, [{ path: 'source', message }]);
    }
    const { raw, body } = readBody(req);
    let push: GitPush;
    let senderId: string | undefined;
    if (source === 'github') {
      push = parseGithubPush(body, req.get('x-github-event')?.trim());
      senderId = headerDeliveryId(req, ['x-github-delivery']);
    } else if (source === 'gitlab') {
      push = parseGitlabPush(body);
      senderId = headerDeliveryId(req, ['idempotency-key', 'x-gitlab-event-uuid']);
    } else {
      push = parseBitbucketPush(body, req.get('x-event-key')?.trim());
      senderId = headerDeliveryId(req, ['x-request-uuid']);
    }
    const deliveryId = senderId ?? explicitKey(req) ?? hashDelivery('git', source, raw);
    answer(res, `git:${source}`, await dispatchEvent(dispatchDeps, gitEvent(push, req, raw, body, deliveryId)));
  });

  router.post('/docker/registry', async (req, res) => {
    const { raw, body } = readBody(req);
    const { pushes, ignored } = parseRegistryEnvelope(body);
    const fallbackId = explicitKey(req) ?? hashDelivery('docker', raw);
    const answers: EventAnswer[] = [];
    for (const push of pushes) {
      const deliveryId = push.eventId ? `registry:${push.eventId}` : hashDelivery(fallbackId, push.repository, push.tag);
      answers.push(await dispatchEvent(dispatchDeps, dockerEvent(push, deliveryId, { ...push })));
    }
    answer(res, 'docker:registry', mergeAnswers(answers, fallbackId, ignored));
  });

  router.post('/docker/dockerhub', async (req, res) => {
    const { raw, body } = readBody(req);
    const push = parseDockerHubPush(body);
    if (!push) {
      throw badRequest('not a Docker Hub push: repository.repo_name and push_data.tag are required', [
        { path: 'repository.repo_name', message: 'required' },
        { path: 'push_data.tag', message: 'required' },
      ]);
    }
    const deliveryId = explicitKey(req) ?? hashDelivery('dockerhub', raw);
    answer(res, 'docker:dockerhub', await dispatchEvent(dispatchDeps, dockerEvent(push, deliveryId, body)));
  });

  router.post('/jenkins/:master', async (req, res) => {
    const { body } = readBody(req);
    const build = parseJenkinsNotification(req.params.master, body);
    answer(res, `jenkins:${build.master}`, await dispatchEvent(dispatchDeps, buildEvent(build, body)));
  });

  router.post('/ci/:type/:master', async (req, res) => {
    const { type, master } = req.params;
    if (!(BUILD_TRIGGER_TYPES as readonly string[]).includes(type)) {
      const message = `unknown CI type '${type}' (${BUILD_TRIGGER_TYPES.join(', ')})`;
      throw badRequest(message, [{ path: 'type', message }]);
    }
    const { body } = readBody(req);
    const build = parseGenericBuild(type, master, body);
    answer(res, `${type}:${master}`, await dispatchEvent(dispatchDeps, buildEvent(build, body)));
  });

  return router;
}
