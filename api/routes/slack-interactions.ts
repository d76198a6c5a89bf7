/**
 * Judgment from chat: Slack's interactivity callback (`POST /webhooks/slack/interactions`, a
 * form-encoded `payload=` JSON). Verifies Slack's signature over the raw body, maps the Slack user
 * to a Gennaker user, judges through the same `patchStage` Update as REST (permissions and judgment
 * roles enforced), and updates the original message — or replies why the click was refused.
 */
import express, { Router, type Request, type Response } from 'express';
import { SlackJudgmentAction, type SlackJudgmentValue } from '../../workflows/model/notification';
import type { StageExecution } from '../../workflows/model/execution';
import { authEnabled, type Principal } from '../auth';
import type { ApiDeps } from '../deps';
import { ApiError, badRequest, notFound, unauthorized } from '../errors';
import { silentLogger } from '../logger';
import { AccessChecker } from '../permissions';
import type { SlackInteractionSettings, SlackUserMapping } from '../slack/config';
import { checkSlackSignature } from '../slack/signature';
import { slackWebApi } from '../slack/web-api';

/** Slack sends small payloads; a larger body is refused before it is read further. */
const BODY_LIMIT = '256kb';

interface SlackAction {
  action_id?: string;
  value?: string;
}

/** The parts of a `block_actions` payload this route reads. */
interface BlockActionsPayload {
  type?: string;
  user?: { id?: string; username?: string; name?: string };
  actions?: SlackAction[];
  state?: { values?: Record<string, Record<string, { selected_option?: { value?: string } | null }>> };
  response_url?: string;
  channel?: { id?: string };
  container?: { channel_id?: string; message_ts?: string };
  message?: { ts?: string; text?: string; blocks?: { type?: string; block_id?: string }[] };
}

type Mapped = { ok: true; identity: SlackUserMapping } | { ok: false; reason: string };

function parsePayload(raw: Buffer): BlockActionsPayload {
  const text = new URLSearchParams(raw.toString('utf8')).get('payload');
  if (!text) throw badRequest('expected a form-encoded payload= field', [{ path: 'payload', message: 'payload is required' }]);
  try {
    const payload = JSON.parse(text) as unknown;
    if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) throw new Error('not an object');
    return payload as BlockActionsPayload;
  } catch (err) {
    throw badRequest(`payload is not a JSON object: ${(err as Error).message}`, [{ path: 'payload', message: 'must be a JSON object' }]);
  }
}

function parseValue(value: string | undefined): SlackJudgmentValue | undefined {
  try {
    const parsed = JSON.parse(value ?? '') as Partial<SlackJudgmentValue>;
    return typeof parsed.executionId === 'string' && typeof parsed.stageId === 'string' ? { executionId: parsed.executionId, stageId: parsed.stageId } : undefined;
  } catch {
    return undefined;
  }
}

const selectedInput = (payload: BlockActionsPayload): string | undefined =>
  payload.state?.values?.[SlackJudgmentAction.block]?.[SlackJudgmentAction.input]?.selected_option?.value ?? undefined;

/** The message as judged: the buttons replaced by who judged and when. */
function judgedBlocks(payload: BlockActionsPayload, stage: StageExecution | undefined, judgment: string, user: string): { text: string; blocks: unknown[] } {
  const at = typeof stage?.context.judgedAt === 'number' ? stage.context.judgedAt : Date.now();
  const input = typeof stage?.context.judgmentInput === 'string' ? ` (${stage.context.judgmentInput})` : '';
  const seconds = Math.floor(at / 1000);
  const verdict = judgment === 'continue' ? ':white_check_mark: *Continue*' : ':octagonal_sign: *Stop*';
  const line = `${verdict}${input} by ${user} at <!date^${seconds}^{date_short_pretty} {time}|${new Date(at).toISOString()}>`;
  const kept = (payload.message?.blocks ?? []).filter((b) => b.block_id !== SlackJudgmentAction.block);
  return {
    text: `${payload.message?.text ?? 'Manual judgment'} — judged ${judgment} by ${user} at ${new Date(at).toISOString()}`,
    blocks: [...kept, { type: 'context', block_id: 'gennaker_judged', elements: [{ type: 'mrkdwn', text: line }] }],
  };
}

export function slackInteractionsRouter(deps: ApiDeps): Router {
  const router = Router();
  const logger = deps.logger ?? silentLogger;
  const settings: SlackInteractionSettings | undefined = deps.slack;
  const slack = settings && slackWebApi(settings, logger);

  /** The Gennaker identity of a Slack user: by id in the map, else by email (map, then the auth tokens' users). */
  async function mapUser(userId: string): Promise<Mapped> {
    const users = settings!.users;
    if (users[userId]) return { ok: true, identity: users[userId] };
    const email = await slack!.userEmail(userId);
    if (!email) return { ok: false, reason: `your Slack user (${userId}) is not mapped to a Gennaker user: add it to GENNAKER_SLACK_USERS, or give the bot users:read.email` };
    const mapped = users[email] ?? users[email.toLowerCase()];
    if (mapped) return { ok: true, identity: mapped };
    const token = Object.values(deps.auth?.tokens ?? {}).find((t) => t.user.toLowerCase() === email.toLowerCase());
    return { ok: true, identity: { user: email, roles: token?.roles ?? [] } };
  }

  function principalFor(identity: SlackUserMapping): Principal {
    if (!authEnabled(deps.auth)) return { kind: 'open' };
    const admin = new Set((deps.auth?.adminRoles ?? []).map((r) => r.toLowerCase()));
    return { kind: 'user', user: identity.user, roles: identity.roles, admin: identity.roles.some((r) => admin.has(r.toLowerCase())) };
  }

  const refuse = async (payload: BlockActionsPayload, text: string) => {
    if (payload.response_url) await slack!.respond(payload.response_url, { response_type: 'ephemeral', replace_original: false, text });
  };

  router.post('/webhooks/slack/interactions', express.raw({ type: () => true, limit: BODY_LIMIT }), async (req: Request, res: Response) => {
    if (!settings || !slack) throw notFound('Slack interactions are not configured (set GENNAKER_SLACK_SIGNING_SECRET on the API)');
    const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const problem = checkSlackSignature({
      secret: settings.signingSecret,
      rawBody: raw,
      timestamp: req.get('x-slack-request-timestamp'),
      signature: req.get('x-slack-signature'),
      nowSeconds: Math.floor(Date.now() / 1000),
    });
    if (problem) throw unauthorized(`Slack signature refused: ${problem}`);

    const payload = parsePayload(raw);
    const action = payload.type === 'block_actions' ? payload.actions?.find((a) => a.action_id === SlackJudgmentAction.continue || a.action_id === SlackJudgmentAction.stop) : undefined;
    // Other interactions (e.g. picking an input in the select) need only an acknowledgement.
    if (!action) return res.status(200).end();

    const target = parseValue(action.value);
    const slackUser = payload.user?.id ?? '';
    if (!target || !slackUser) {
      await refuse(payload, 'This button does not name a Gennaker judgment.');
      return res.status(200).end();
    }
    const judgment = action.action_id === SlackJudgmentAction.continue ? 'continue' : 'stop';
    const mapped = await mapUser(slackUser);
    if (!mapped.ok) {
      await refuse(payload, `Not judged: ${mapped.reason}.`);
      return res.status(200).end();
    }
    const { identity } = mapped;
    const fields = { executionId: target.executionId, stageId: target.stageId, judgment, user: identity.user, slackUser };
    try {
      const ref = await deps.executions.ref(target.executionId);
      if (!ref) throw notFound(`execution '${target.executionId}' not found`);
      await new AccessChecker(deps.applications, principalFor(identity)).require(ref.application, 'EXECUTE');
      const execution = await deps.executions.patchStage(ref, {
        stage: target.stageId,
        judgmentStatus: judgment,
        judgmentInput: selectedInput(payload),
        user: identity.user,
        roles: identity.roles,
      });
      logger.info('judged from Slack', fields);
      const stage = execution.stages.find((s) => s.id === target.stageId);
      const updated = judgedBlocks(payload, stage, judgment, identity.user);
      const channel = payload.channel?.id ?? payload.container?.channel_id;
      const ts = payload.message?.ts ?? payload.container?.message_ts;
      const replaced = channel && ts ? await slack.updateMessage(channel, ts, updated.text, updated.blocks) : false;
      if (!replaced && payload.response_url) await slack.respond(payload.response_url, { replace_original: true, ...updated });
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      logger.info('Slack judgment refused', { ...fields, reason: err.message });
      await refuse(payload, `Not judged: ${err.message}`);
    }
    res.status(200).end();
  });

  return router;
}
