/** Zod building blocks shared by the trigger schemas: the common fields and checked regular expressions. */
import { z } from 'zod';
import { compileUserRegex } from '../expressions/regex';

/** A non-empty string (after trimming). */
export const nonEmpty = z.string().refine((s) => s.trim().length > 0, 'must not be empty');

/**
 * A user regular expression, compiled at save so a broken or ReDoS-prone pattern (nested
 * repetition, backreferences) is refused with the expression engine's reason.
 */
export const regexString = z.string().superRefine((pattern, ctx) => {
  try {
    compileUserRegex(pattern);
  } catch (error) {
    ctx.addIssue({ code: z.ZodIssueCode.custom, message: (error as Error).message });
  }
});

/**
 * Fields every trigger has (Echo's Trigger): `id` (assigned on save when missing), `enabled`
 * (only `true` fires, as in Echo), `runAsUser`, `expectedArtifactIds`, and `parameters` (values may hold `${…}`
 * expressions evaluated against the event).
 */
export const commonTriggerFields = {
  type: nonEmpty,
  id: nonEmpty.optional(),
  enabled: z.boolean().optional(),
  runAsUser: z.string().optional(),
  expectedArtifactIds: z.array(nonEmpty).optional(),
  parameters: z.record(z.unknown()).optional(),
};

/** `payloadConstraints`: JSON path (dotted) → regular expression matched against the whole value. */
export const payloadConstraints = z.record(regexString.nullable());
