/**
 * CI build completions. Jenkins' Notification plugin posts `{name, url, build: {number, phase,
 * status, full_url, scm, artifacts, parameters}}` to `POST /webhooks/jenkins/{master}`; any other CI
 * posts Igor's build shape `{project: {name, lastBuild: {number, result, building, url, artifacts}}}`
 * to `POST /webhooks/ci/{type}/{master}`. Only a completed, successful build fires (Spinnaker's
 * default); the delivery is the build itself (`master`, job, number), so Jenkins' COMPLETED and
 * FINALIZED notifications of one build start one execution.
 */
import type { Artifact } from '../../workflows/model/artifacts';
import { buildMatchKey } from '../../workflows/triggers/build';
import type { ValidationProblem } from '../../workflows/validation/problem';
import { badRequest } from '../errors';
import type { SkippedEvent, TriggerEvent } from './event';
import { payloadConstraintsMismatch } from './payload-constraints';

/** A finished (or not) CI build, whichever CI reported it. */
export interface CompletedBuild {
  type: string;
  master: string;
  job: string;
  number: number;
  /** `SUCCESS`, `FAILURE`, `UNSTABLE`, `ABORTED`… */
  result: string;
  building: boolean;
  url?: string;
  /** Igor's `buildInfo.scm`: `[{branch, sha1, remoteUrl}]`. */
  scm: Record<string, unknown>[];
  artifacts: Artifact[];
  /** Jenkins' `build.artifacts` as Igor lists them: `[{fileName, relativePath}]`. */
  files: { fileName: string; relativePath: string }[];
}

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : {});
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

function requireFields(what: string, problems: ValidationProblem[]): void {
  if (problems.length) throw badRequest(`invalid ${what}: ${problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`, problems);
}

/** Jenkins' Notification plugin JSON, or a 400 naming the missing fields. */
export function parseJenkinsNotification(master: string, body: Json): CompletedBuild {
  const build = obj(body.build);
  const problems: ValidationProblem[] = [];
  if (!str(body.name)) problems.push({ path: 'name', message: 'name (the job) is required' });
  if (!Number.isInteger(build.number)) problems.push({ path: 'build.number', message: 'build.number must be a whole number' });
  requireFields('Jenkins notification', problems);
  const phase = str(build.phase).toUpperCase();
  const scm = obj(build.scm);
  const files = Object.keys(obj(build.artifacts)).map((path) => ({ fileName: path.split('/').pop() ?? path, relativePath: path }));
  return {
    type: 'jenkins',
    master,
    job: str(body.name),
    number: build.number as number,
    result: str(build.status).toUpperCase() || 'BUILDING',
    building: !(phase === 'COMPLETED' || phase === 'FINALIZED'),
    url: str(build.full_url) || undefined,
    scm: Object.keys(scm).length ? [{ branch: str(scm.branch), sha1: str(scm.commit), remoteUrl: str(scm.url) }] : [],
    artifacts: [],
    files,
  };
}

/** Igor's build shape from another CI, or a 400 naming the missing fields. */
export function parseGenericBuild(type: string, master: string, body: Json): CompletedBuild {
  const project = obj(body.project);
  const last = obj(project.lastBuild);
  const problems: ValidationProblem[] = [];
  if (!str(project.name)) problems.push({ path: 'project.name', message: 'project.name (the job) is required' });
  if (!Number.isInteger(last.number)) problems.push({ path: 'project.lastBuild.number', message: 'project.lastBuild.number must be a whole number' });
  if (!str(last.result)) problems.push({ path: 'project.lastBuild.result', message: 'project.lastBuild.result is required (e.g. SUCCESS)' });
  if (last.artifacts !== undefined && !Array.isArray(last.artifacts)) {
    problems.push({ path: 'project.lastBuild.artifacts', message: 'artifacts must be an array of artifact objects' });
  }
  requireFields(`${type} build`, problems);
  return {
    type,
    master,
    job: str(project.name),
    number: last.number as number,
    result: str(last.result).toUpperCase(),
    building: last.building === true,
    url: str(last.url) || undefined,
    scm: Array.isArray(last.scm) ? (last.scm as Json[]) : [],
    artifacts: Array.isArray(last.artifacts) ? (last.artifacts as Artifact[]) : [],
    files: [],
  };
}

export function buildEvent(build: CompletedBuild, payload: unknown): TriggerEvent | SkippedEvent {
  const deliveryId = `${build.type}:${build.master}:${build.job}:${build.number}`;
  const matchKeys = [buildMatchKey(build.master, build.job)];
  if (build.building || build.result !== 'SUCCESS') {
    const state = build.building ? 'still running' : build.result;
    return {
      skipped: `build #${build.number} of ${build.job} is ${state}: only completed, successful builds fire`,
      deliveryId,
      types: [build.type],
      matchKeys,
      processed: true,
    };
  }
  const buildInfo = {
    name: build.job,
    number: build.number,
    url: build.url,
    result: build.result,
    building: false,
    scm: build.scm,
    artifacts: build.files,
  };
  return {
    types: [build.type],
    matchKeys,
    deliveryId,
    mismatch: (trigger) => payloadConstraintsMismatch(trigger.payloadConstraints as Record<string, unknown> | undefined, payload),
    fields: { master: build.master, job: build.job, buildNumber: build.number, buildInfo, ...(build.url ? { link: build.url } : {}) },
    artifacts: build.artifacts,
    payload,
  };
}
