/**
 * Local HTTP stand-ins for the chat and code-hosting services notifications go to (Slack, Microsoft
 * Teams, Google Chat, GitHub), which cannot run here. Each records every request and checks that it
 * has the real service's shape, answering as the service does (and with an error naming the problem
 * when the shape is wrong, which the test then sees as a failed delivery).
 */
import type { ServerResponse } from 'node:http';
import { json, startHttpServer, type RecordedRequest } from './http-server';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const text = (v: unknown, max: number) => typeof v === 'string' && v.length > 0 && v.length <= max;

function plainText(v: unknown, max: number): boolean {
  return isObject(v) && v.type === 'plain_text' && text(v.text, max);
}

/** Block Kit rules Slack enforces for the block types Gennaker sends (else Slack answers `invalid_blocks`). */
export function blockKitProblems(blocks: unknown): string[] {
  if (!Array.isArray(blocks) || blocks.length === 0 || blocks.length > 50) return ['blocks must be an array of 1-50 blocks'];
  const problems: string[] = [];
  const ids = new Set<string>();
  blocks.forEach((block, i) => {
    const at = `blocks[${i}]`;
    if (!isObject(block)) return problems.push(`${at} is not an object`);
    if (block.block_id !== undefined) {
      if (!text(block.block_id, 255) || ids.has(block.block_id as string)) problems.push(`${at}.block_id must be unique, ≤255 chars`);
      ids.add(block.block_id as string);
    }
    switch (block.type) {
      case 'header':
        if (!plainText(block.text, 150)) problems.push(`${at}.text must be plain_text ≤150`);
        break;
      case 'section':
        if (!isObject(block.text) || !['mrkdwn', 'plain_text'].includes(block.text.type as string) || !text(block.text.text, 3000)) problems.push(`${at}.text must be mrkdwn/plain_text ≤3000`);
        break;
      case 'context': {
        const elements = block.elements;
        if (!Array.isArray(elements) || !elements.length || elements.length > 10) problems.push(`${at}.elements must have 1-10 elements`);
        else if (elements.some((e) => !isObject(e) || !['mrkdwn', 'plain_text'].includes(e.type as string) || !text(e.text, 3000))) problems.push(`${at}.elements must be text objects`);
        break;
      }
      case 'actions': {
        const elements = block.elements;
        if (!Array.isArray(elements) || !elements.length || elements.length > 25) {
          problems.push(`${at}.elements must have 1-25 elements`);
          break;
        }
        elements.forEach((e, j) => {
          const el = `${at}.elements[${j}]`;
          if (!isObject(e) || !text(e.action_id, 255)) return problems.push(`${el}.action_id is required`);
          if (e.type === 'button') {
            if (!plainText(e.text, 75)) problems.push(`${el}.text must be plain_text ≤75`);
            if (e.value !== undefined && !text(e.value, 2000)) problems.push(`${el}.value must be ≤2000 chars`);
            if (e.style !== undefined && e.style !== 'primary' && e.style !== 'danger') problems.push(`${el}.style must be primary or danger`);
          } else if (e.type === 'static_select') {
            if (!plainText(e.placeholder, 150)) problems.push(`${el}.placeholder must be plain_text`);
            const options = e.options;
            if (!Array.isArray(options) || !options.length || options.length > 100) problems.push(`${el}.options must have 1-100 options`);
            else if (options.some((o) => !isObject(o) || !plainText(o.text, 75) || !text(o.value, 150))) problems.push(`${el}.options must be {text: plain_text, value}`);
          } else {
            problems.push(`${el}.type '${String(e.type)}' is not an interactive element`);
          }
        });
        break;
      }
      default:
        problems.push(`${at}.type '${String(block.type)}' is not a block type Gennaker sends`);
    }
  });
  return problems;
}

const parse = (req: RecordedRequest): Json | undefined => {
  try {
    const value = JSON.parse(req.body) as unknown;
    return isObject(value) ? value : undefined;
  } catch {
    return undefined;
  }
};

/** Stand-in for Slack: Web API (`/api/chat.postMessage`, `/api/chat.update`, `/api/users.info`), incoming webhooks (`/services/…`), and `response_url`s (`/respond/…`). */
export async function startSlackStandIn(options: { botToken: string; emails?: Record<string, string> }) {
  const problems: string[] = [];
  let ts = 1_700_000_000;
  const server = await startHttpServer((req, res) => {
    const path = req.url.split('?')[0];
    const body = parse(req);
    const fail = (status: number, error: string, res2: ServerResponse = res) => {
      problems.push(`${req.method} ${path}: ${error}`);
      json(res2, status, { ok: false, error });
    };
    if (path.startsWith('/api/')) {
      if (req.headers.authorization !== `Bearer ${options.botToken}`) return json(res, 200, { ok: false, error: 'invalid_auth' });
    }
    if (path === '/api/chat.postMessage' || path === '/api/chat.update') {
      if (!String(req.headers['content-type']).startsWith('application/json')) return fail(200, 'invalid_content_type');
      if (!body || !text(body.channel, 80) || !text(body.text, 40_000)) return fail(200, 'invalid_arguments: channel and text are required');
      if (path === '/api/chat.update' && !text(body.ts, 40)) return fail(200, 'invalid_arguments: ts is required');
      // Slack's answer for a channel that does not exist (not a shape problem of the request).
      if (!/^(#[a-z0-9._-]{1,80}|[CGD][A-Z0-9]{6,})$/.test(String(body.channel))) return json(res, 200, { ok: false, error: 'channel_not_found' });
      const blockProblems = blockKitProblems(body.blocks);
      if (blockProblems.length) return fail(200, `invalid_blocks: ${blockProblems.join('; ')}`);
      ts += 1;
      return json(res, 200, { ok: true, channel: 'C0DEPLOYS', ts: path === '/api/chat.update' ? body.ts : `${ts}.000100` });
    }
    if (path === '/api/users.info') {
      const user = new URL(req.url, 'http://x').searchParams.get('user') ?? '';
      const email = options.emails?.[user];
      return json(res, 200, email ? { ok: true, user: { id: user, profile: { email } } } : { ok: false, error: 'user_not_found' });
    }
    if (path.startsWith('/services/')) {
      if (!body || !text(body.text, 40_000)) return fail(400, 'invalid_payload');
      const blockProblems = blockKitProblems(body.blocks);
      if (blockProblems.length) return fail(400, `invalid_blocks: ${blockProblems.join('; ')}`);
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      return res.end('ok');
    }
    if (path.startsWith('/respond/')) {
      if (!body || (!text(body.text, 40_000) && !Array.isArray(body.blocks))) return fail(400, 'invalid_payload');
      return json(res, 200, { ok: true });
    }
    fail(404, 'unknown_method');
  });
  const calls = (path: string) => server.requests.filter((r) => r.url.split('?')[0] === path).map((r) => JSON.parse(r.body) as Json);
  return { ...server, apiUrl: `${server.url}/api`, problems, calls };
}

/** Stand-in for a Microsoft Teams incoming webhook: accepts an Office 365 connector `MessageCard`. */
export async function startTeamsStandIn() {
  const problems: string[] = [];
  const server = await startHttpServer((req, res) => {
    const card = parse(req);
    const wrong: string[] = [];
    if (!card) wrong.push('body must be a JSON card');
    else {
      if (card['@type'] !== 'MessageCard') wrong.push("@type must be 'MessageCard'");
      if (card['@context'] !== 'http://schema.org/extensions') wrong.push('@context must be http://schema.org/extensions');
      if (!text(card.summary, 1000) && !text(card.text, 28_000)) wrong.push('summary or text is required');
      if (card.themeColor !== undefined && !/^[0-9A-Fa-f]{6}$/.test(String(card.themeColor))) wrong.push('themeColor must be 6 hex digits');
      const sections = card.sections;
      if (!Array.isArray(sections) || sections.some((s) => !isObject(s) || (s.facts !== undefined && (!Array.isArray(s.facts) || s.facts.some((f) => !isObject(f) || !text(f.name, 200) || typeof f.value !== 'string'))))) {
        wrong.push('sections must be objects whose facts are {name, value}');
      }
      const actions = card.potentialAction;
      if (!Array.isArray(actions) || actions.some((a) => !isObject(a) || a['@type'] !== 'OpenUri' || !Array.isArray(a.targets) || a.targets.some((t) => !isObject(t) || t.os !== 'default' || !/^https?:\/\//.test(String(t.uri))))) {
        wrong.push('potentialAction must be OpenUri actions with {os: default, uri}');
      }
    }
    if (wrong.length) {
      problems.push(...wrong);
      res.writeHead(400, { 'Content-Type': 'text/plain' });
      return res.end(`Bad payload received by generic incoming webhook: ${wrong.join('; ')}`);
    }
    res.writeHead(200, { 'Content-Type': 'text/plain' });
    res.end('1');
  });
  return { ...server, problems };
}

/** Stand-in for a Google Chat incoming webhook (`/v1/spaces/{space}/messages?key=…&token=…`): accepts `{text}` or cards. */
export async function startGoogleChatStandIn() {
  const problems: string[] = [];
  const server = await startHttpServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    const message = parse(req);
    const wrong: string[] = [];
    if (!/^\/v1\/spaces\/[^/]+\/messages$/.test(url.pathname)) wrong.push('path must be /v1/spaces/{space}/messages');
    if (!url.searchParams.get('key') || !url.searchParams.get('token')) wrong.push('key and token query parameters are required');
    if (!message || (!text(message.text, 4096) && !Array.isArray(message.cardsV2))) wrong.push('text (≤4096) or cardsV2 is required');
    if (wrong.length) {
      problems.push(...wrong);
      return json(res, 400, { error: { code: 400, message: wrong.join('; '), status: 'INVALID_ARGUMENT' } });
    }
    json(res, 200, { name: `spaces/AAA/messages/${server.requests.length}`, text: message!.text, thread: { threadKey: url.searchParams.get('threadKey') } });
  });
  return { ...server, problems };
}

/** Stand-in for GitHub's REST API: `POST /repos/{owner}/{repo}/statuses/{sha}` with a token. */
export async function startGitHubStandIn(options: { token: string }) {
  const problems: string[] = [];
  const server = await startHttpServer((req, res) => {
    const match = /^\/repos\/([^/]+)\/([^/]+)\/statuses\/([0-9a-f]{40})$/.exec(req.url);
    const status = parse(req);
    const wrong: string[] = [];
    if (req.method !== 'POST' || !match) wrong.push(`unexpected ${req.method} ${req.url}`);
    if (req.headers.authorization !== `Bearer ${options.token}`) return json(res, 401, { message: 'Bad credentials' });
    if (!String(req.headers.accept).includes('application/vnd.github+json')) wrong.push('Accept must be application/vnd.github+json');
    if (!req.headers['user-agent']) wrong.push('User-Agent is required');
    if (!status || !['error', 'failure', 'pending', 'success'].includes(String(status.state))) wrong.push('state must be error|failure|pending|success');
    if (status && status.target_url !== undefined && !/^https?:\/\//.test(String(status.target_url))) wrong.push('target_url must be a URL');
    if (status && status.description !== undefined && String(status.description).length > 140) wrong.push('description must be ≤140 chars');
    if (status && !text(status.context, 255)) wrong.push('context is required');
    if (wrong.length) {
      problems.push(...wrong);
      return json(res, 422, { message: 'Validation Failed', errors: wrong });
    }
    json(res, 201, { id: server.requests.length, state: status!.state, context: status!.context, target_url: status!.target_url, description: status!.description });
  });
  return { ...server, problems };
}
