/**
 * `POST /webhooks/git/{github|gitlab|bitbucket}`: the push events of GitHub, GitLab and Bitbucket
 * Cloud, read as Echo's SCM handlers read them (project, slug, branch, hash, action), then matched
 * against `git` triggers: source, project and slug (ignoring case), `branch` as a whole-string
 * regex, `events` when set, and the trigger's `secret` (see signatures.ts).
 */
import type { Request } from 'express';
import { compileUserRegex } from '../../workflows/expressions/regex';
import type { Artifact } from '../../workflows/model/artifacts';
import { gitMatchKey } from '../../workflows/triggers/git';
import type { SkippedEvent, TriggerEvent } from './event';
import { signatureMismatch, type SignatureHeaders } from './signatures';

/** What Gennaker reads from a push, whatever the host. */
export interface GitPush {
  source: 'github' | 'gitlab' | 'bitbucket';
  /** Spellings of (project, slug) a trigger may use for this repository; the first is canonical. */
  repositories: { project: string; slug: string }[];
  branch: string;
  hash: string;
  /** Echo's `action`: `push:push` (GitHub), `push` (GitLab), `repo:push` (Bitbucket). */
  action: string;
  /** Clone URL for the `git/repo` artifact. */
  cloneUrl?: string;
  /** Files added or modified by the pushed commits (GitHub's `github/file` artifacts, as Echo). */
  files: string[];
  /** Set for events that fire nothing (a ping, a deleted branch, another event kind). */
  skip?: string;
}

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : {});
const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const branchOf = (ref: string) => ref.replace(/^refs\/heads\//, '');
const ZERO_SHA = /^0+$/;

function changedFiles(commits: unknown): string[] {
  const files = new Set<string>();
  for (const commit of arr(commits)) {
    for (const f of [...arr(obj(commit).added), ...arr(obj(commit).modified)]) if (typeof f === 'string') files.add(f);
  }
  return [...files];
}

/** GitHub's `push` event (X-GitHub-Event: push); a `ping` (hook_id, zen) is skipped. */
export function parseGithubPush(body: Json, eventHeader: string | undefined): GitPush {
  const repository = obj(body.repository);
  const owner = obj(repository.owner);
  const project = str(owner.name) || str(owner.login);
  const slug = str(repository.name);
  const push: GitPush = {
    source: 'github',
    repositories: [{ project, slug }, ...(owner.login && owner.login !== project ? [{ project: str(owner.login), slug }] : [])],
    branch: branchOf(str(body.ref)),
    hash: str(body.after),
    action: 'push:push',
    cloneUrl: str(repository.clone_url) || undefined,
    files: changedFiles(body.commits),
  };
  if (eventHeader === 'ping' || body.zen !== undefined || (body.hook_id !== undefined && body.ref === undefined)) {
    return { ...push, skip: 'GitHub ping: nothing to trigger' };
  }
  if (eventHeader && eventHeader !== 'push') return { ...push, skip: `GitHub event '${eventHeader}' is not handled (push events only)` };
  if (body.deleted === true || ZERO_SHA.test(push.hash)) return { ...push, skip: `branch '${push.branch}' was deleted` };
  if (!str(body.ref).startsWith('refs/heads/')) return { ...push, skip: `ref '${str(body.ref)}' is not a branch` };
  return push;
}

/** GitLab's push hook (`object_kind: "push"`); project = `project.namespace`, slug = `project.name` (Echo), or the path. */
export function parseGitlabPush(body: Json): GitPush {
  const project = obj(body.project);
  const [namespacePath, ...rest] = str(project.path_with_namespace).split('/');
  const repositories = [{ project: str(project.namespace), slug: str(project.name) }];
  if (rest.length) repositories.push({ project: namespacePath, slug: rest.join('/') });
  const push: GitPush = {
    source: 'gitlab',
    repositories,
    branch: branchOf(str(body.ref)),
    hash: str(body.after) || str(body.checkout_sha),
    action: str(body.object_kind) || 'push',
    cloneUrl: str(project.git_http_url) || undefined,
    files: changedFiles(body.commits),
  };
  if (body.object_kind !== 'push') return { ...push, skip: `GitLab event '${str(body.object_kind) || '?'}' is not handled (push events only)` };
  if (ZERO_SHA.test(push.hash)) return { ...push, skip: `branch '${push.branch}' was deleted` };
  return push;
}

/**
 * Bitbucket Cloud's `repo:push` (X-Event-Key). project = the workspace, slug = the repository
 * slug (both from `full_name`); Echo's spelling (owner's username, slug = full name) matches too.
 */
export function parseBitbucketPush(body: Json, eventKey: string | undefined): GitPush {
  const repository = obj(body.repository);
  const fullName = str(repository.full_name);
  const [workspace, ...slugParts] = fullName.split('/');
  const repositories = [{ project: str(obj(repository.workspace).slug) || workspace, slug: slugParts.join('/') || str(repository.name) }];
  const username = str(obj(repository.owner).username);
  if (username) repositories.push({ project: username, slug: fullName });
  const change = obj(arr(obj(body.push).changes)[0]);
  const head = obj(change.new);
  const push: GitPush = {
    source: 'bitbucket',
    repositories,
    branch: str(head.name),
    hash: str(obj(head.target).hash) || str(obj(arr(change.commits)[0]).hash),
    action: eventKey ?? 'repo:push',
    cloneUrl: str(obj(obj(repository.links).html).href) ? `${str(obj(obj(repository.links).html).href)}.git` : undefined,
    files: [],
  };
  if (eventKey && eventKey !== 'repo:push') return { ...push, skip: `Bitbucket event '${eventKey}' is not handled (repo:push only)` };
  if (!body.push) return { ...push, skip: 'Bitbucket ping: nothing to trigger' };
  if (change.new === null || !push.hash) return { ...push, skip: `branch '${str(obj(change.old).name)}' was deleted` };
  if (head.type !== undefined && head.type !== 'branch') return { ...push, skip: `ref '${push.branch}' is not a branch` };
  return push;
}

function artifactsOf(push: GitPush): Artifact[] {
  const [{ project, slug }] = push.repositories;
  const repo: Artifact = {
    type: 'git/repo',
    name: `${project}/${slug}`,
    version: push.hash,
    reference: push.cloneUrl ?? `${push.source}:${project}/${slug}`,
    metadata: { branch: push.branch },
  };
  // GitHub's changed files, as Echo's GitHubArtifactExtractor reports them.
  const files: Artifact[] = push.files.map((file) => ({ type: `${push.source}/file`, name: file, version: push.hash, reference: file }));
  return [repo, ...files];
}

const sameText = (a: unknown, b: string) => typeof a === 'string' && a.toLowerCase() === b.toLowerCase();

/** The event to match, or what to answer when the push fires nothing. */
export function gitEvent(push: GitPush, req: Request, rawBody: Buffer, body: Json, deliveryId: string): TriggerEvent | SkippedEvent {
  const matchKeys = push.repositories.map((r) => gitMatchKey(push.source, r.project, r.slug));
  if (push.skip) return { skipped: push.skip, deliveryId, types: ['git'], matchKeys, processed: !/ping/.test(push.skip) };
  const headers: SignatureHeaders = {
    'x-hub-signature-256': req.get('x-hub-signature-256') ?? undefined,
    'x-hub-signature': req.get('x-hub-signature') ?? undefined,
    'x-gitlab-token': req.get('x-gitlab-token') ?? undefined,
  };
  const [{ project, slug }] = push.repositories;
  return {
    types: ['git'],
    matchKeys,
    deliveryId,
    mismatch(trigger) {
      if (!sameText(trigger.source, push.source)) return `source: \`${String(trigger.source)}\` is not \`${push.source}\``;
      if (!push.repositories.some((r) => sameText(trigger.project, r.project) && sameText(trigger.slug, r.slug))) {
        return `project/slug: \`${String(trigger.project)}/${String(trigger.slug)}\` is not \`${project}/${slug}\``;
      }
      const pattern = typeof trigger.branch === 'string' ? trigger.branch.trim() : '';
      if (pattern && !compileUserRegex(pattern, { wholeInput: true }).test(push.branch)) {
        return `branch: \`${push.branch}\` does not match \`${pattern}\``;
      }
      const events = Array.isArray(trigger.events) ? trigger.events : [];
      if (events.length && !events.includes(push.action)) return `events: \`${push.action}\` is not one of ${events.join(', ')}`;
      return signatureMismatch(push.source, typeof trigger.secret === 'string' ? trigger.secret : undefined, headers, rawBody);
    },
    fields: { source: push.source, project, slug, branch: push.branch, hash: push.hash, action: push.action },
    artifacts: artifactsOf(push),
    payload: body,
  };
}
