/**
 * Save-time checks of a pipeline's `triggers[]` and `expectedArtifacts[]`: each trigger against
 * its type's schema (regexes compiled, ReDoS-prone ones refused), unique ids, `${…}` syntax in
 * trigger parameters, and `expectedArtifactIds` naming expected artifacts that exist.
 */
import { z, type ZodErrorMap, type ZodIssue } from 'zod';
import { findExpressionSyntaxErrors } from '../expressions';
import type { ValidationProblem } from '../validation/problem';
import { getTriggerDefinition } from './registry';
import { nonEmpty, regexString } from './schema-helpers';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function joinPath(base: string, path: (string | number)[]): string {
  return path.reduce<string>((acc, part) => (typeof part === 'number' ? `${acc}[${part}]` : `${acc}.${part}`), base);
}

const toProblems = (base: string, issues: ZodIssue[]): ValidationProblem[] =>
  issues.map((issue) => ({ path: joinPath(base, issue.path), message: issue.message }));

/** "source is required", "enabled must be a boolean, not string". */
const fieldErrorMap: ZodErrorMap = (issue, ctx) => {
  const field = String(issue.path[issue.path.length - 1] ?? 'value');
  if (issue.code === 'invalid_type') {
    return { message: issue.received === 'undefined' ? `${field} is required` : `${field} must be a ${issue.expected}, not ${issue.received}` };
  }
  return { message: ctx.defaultError };
};

const artifactSchema = z
  .object({
    type: regexString.optional(),
    name: regexString.optional(),
    version: regexString.optional(),
    location: regexString.optional(),
    reference: regexString.optional(),
  })
  .passthrough();

const expectedArtifactSchema = z
  .object({
    id: nonEmpty,
    matchArtifact: artifactSchema,
    useDefaultArtifact: z.boolean().optional(),
    defaultArtifact: z.object({}).passthrough().optional(),
    usePriorArtifact: z.boolean().optional(),
  })
  .passthrough()
  .superRefine((e, ctx) => {
    if (e.useDefaultArtifact && !e.defaultArtifact) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['defaultArtifact'], message: 'defaultArtifact is required when useDefaultArtifact is true' });
    }
  });

function validateExpectedArtifacts(config: Json, problems: ValidationProblem[]): Set<string> {
  const ids = new Set<string>();
  if (config.expectedArtifacts === undefined) return ids;
  if (!Array.isArray(config.expectedArtifacts)) {
    problems.push({ path: 'expectedArtifacts', message: 'expectedArtifacts must be an array' });
    return ids;
  }
  config.expectedArtifacts.forEach((e, i) => {
    const base = `expectedArtifacts[${i}]`;
    const parsed = expectedArtifactSchema.safeParse(e, { errorMap: fieldErrorMap });
    if (!parsed.success) problems.push(...toProblems(base, parsed.error.issues));
    if (isObject(e) && typeof e.id === 'string') {
      if (ids.has(e.id)) problems.push({ path: `${base}.id`, message: `duplicate expected artifact id '${e.id}'` });
      ids.add(e.id);
    }
  });
  return ids;
}

function validateTrigger(trigger: unknown, base: string, artifactIds: Set<string>, triggerIds: Set<string>, problems: ValidationProblem[]): void {
  if (!isObject(trigger) || typeof trigger.type !== 'string' || trigger.type.trim() === '') {
    problems.push({ path: `${base}.type`, message: 'each trigger needs a type' });
    return;
  }
  const definition = getTriggerDefinition(trigger.type);
  if (definition) {
    const parsed = definition.schema.safeParse(trigger, { errorMap: fieldErrorMap });
    if (!parsed.success) problems.push(...toProblems(base, parsed.error.issues));
  }
  if (typeof trigger.id === 'string') {
    if (triggerIds.has(trigger.id)) problems.push({ path: `${base}.id`, message: `duplicate trigger id '${trigger.id}'` });
    triggerIds.add(trigger.id);
  }
  if (Array.isArray(trigger.expectedArtifactIds)) {
    trigger.expectedArtifactIds.forEach((id, j) => {
      if (typeof id === 'string' && !artifactIds.has(id)) {
        problems.push({ path: `${base}.expectedArtifactIds[${j}]`, message: `no expected artifact with id '${id}' in expectedArtifacts` });
      }
    });
  }
  if (trigger.parameters !== undefined) problems.push(...findExpressionSyntaxErrors(trigger.parameters, `${base}.parameters`));
}

/** Every problem of `triggers[]` and `expectedArtifacts[]`, each with its JSON path. Never throws. */
export function validateTriggers(config: Json): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  const artifactIds = validateExpectedArtifacts(config, problems);
  if (config.triggers === undefined) return problems;
  if (!Array.isArray(config.triggers)) {
    problems.push({ path: 'triggers', message: 'triggers must be an array' });
    return problems;
  }
  const triggerIds = new Set<string>();
  config.triggers.forEach((t, i) => validateTrigger(t, `triggers[${i}]`, artifactIds, triggerIds, problems));
  return problems;
}
