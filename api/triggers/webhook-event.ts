/**
 * `POST /webhooks/webhook/{source}`: any JSON object. Fires `webhook` triggers with that `source`
 * whose `payloadConstraints` all match; the body's `parameters` and `artifacts[]` (Echo's fields)
 * go into the execution's trigger.
 */
import type { Artifact } from '../../workflows/model/artifacts';
import type { ValidationProblem } from '../../workflows/validation/problem';
import { badRequest } from '../errors';
import type { TriggerEvent } from './event';
import { payloadConstraintsMismatch } from './payload-constraints';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The body's `artifacts` (objects with string fields) and `parameters` (an object), or a 400 naming each problem. */
export function bodyArtifactsAndParameters(body: Record<string, unknown>): { artifacts: Artifact[]; parameters?: Record<string, unknown> } {
  const problems: ValidationProblem[] = [];
  let artifacts: Artifact[] = [];
  if (body.artifacts !== undefined && body.artifacts !== null) {
    if (!Array.isArray(body.artifacts)) problems.push({ path: 'artifacts', message: 'artifacts must be an array of artifact objects' });
    else {
      body.artifacts.forEach((a, i) => {
        if (!isObject(a)) problems.push({ path: `artifacts[${i}]`, message: 'each artifact must be an object' });
        else
          for (const field of ['type', 'name', 'version', 'reference', 'location']) {
            if (a[field] !== undefined && a[field] !== null && typeof a[field] !== 'string') {
              problems.push({ path: `artifacts[${i}].${field}`, message: `${field} must be a string` });
            }
          }
      });
      artifacts = body.artifacts as Artifact[];
    }
  }
  if (body.parameters !== undefined && body.parameters !== null && !isObject(body.parameters)) {
    problems.push({ path: 'parameters', message: 'parameters must be an object' });
  }
  if (problems.length) throw badRequest(`invalid webhook body: ${problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`, problems);
  return { artifacts, parameters: isObject(body.parameters) ? body.parameters : undefined };
}

export function webhookEvent(source: string, body: Record<string, unknown>, deliveryId: string): TriggerEvent {
  const { artifacts, parameters } = bodyArtifactsAndParameters(body);
  return {
    types: ['webhook'],
    matchKeys: [source],
    deliveryId,
    mismatch: (trigger) => payloadConstraintsMismatch(trigger.payloadConstraints as Record<string, unknown> | undefined, body),
    fields: { source },
    artifacts,
    payload: body,
    parameters,
  };
}
