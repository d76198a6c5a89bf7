/**
 * Binds the artifacts a trigger brought to the pipeline's expected artifacts, as Orca's
 * ArtifactResolver does at start: each expected artifact named by the trigger's
 * `expectedArtifactIds` takes the one received artifact its `matchArtifact` matches; without one,
 * the prior execution's matching artifact (`usePriorArtifact`), else its `defaultArtifact`
 * (`useDefaultArtifact`); else the start is refused with the reason. Pure and deterministic, so
 * the API, the cron and pipeline-completion starters (and workflow code) share it.
 */
import { compileUserRegex } from '../expressions/regex';
import type { Artifact, ExpectedArtifact } from '../model/artifacts';
import type { ValidationProblem } from '../validation/problem';

/** The fields of `matchArtifact` compared, each as a regular expression (kork's rule). */
export const MATCHED_ARTIFACT_FIELDS = ['type', 'name', 'version', 'location', 'reference'] as const;

export interface BindingInput {
  /** The pipeline's `expectedArtifacts`. */
  expectedArtifacts: readonly ExpectedArtifact[] | undefined;
  /** The trigger's `expectedArtifactIds`: only these are bound (all of them are required). */
  expectedArtifactIds: readonly string[] | undefined;
  /** What the event brought (`trigger.artifacts` before binding). */
  received: readonly Artifact[];
  /**
   * The artifacts of the pipeline's previous successful execution, for `usePriorArtifact`;
   * undefined when the caller has not looked them up (see {@link needsPriorArtifacts}).
   */
  prior?: readonly Artifact[];
}

export type BindingResult =
  | {
      ok: true;
      /** Orca's `trigger.artifacts`: everything received plus every bound default or prior artifact. */
      artifacts: Artifact[];
      /** Orca's `trigger.resolvedExpectedArtifacts`: each expected artifact with its `boundArtifact`. */
      resolvedExpectedArtifacts: ExpectedArtifact[];
    }
  | { ok: false; reason: string; problems: ValidationProblem[] };

const asString = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/** Whether `candidate` satisfies `matchArtifact` (kork: every non-empty field is a regex found in the candidate's field). */
export function artifactMatches(matchArtifact: Artifact | undefined, candidate: Artifact): boolean {
  if (!matchArtifact) return true;
  for (const field of MATCHED_ARTIFACT_FIELDS) {
    const pattern = asString(matchArtifact[field]);
    if (!pattern) continue;
    const value = asString(candidate[field]);
    if (value === undefined || !compileUserRegex(pattern).test(value)) return false;
  }
  return true;
}

/** The expected artifacts a trigger requires, in `expectedArtifactIds` order; unknown ids are reported. */
function requiredExpected(input: BindingInput): { expected: ExpectedArtifact[]; problems: ValidationProblem[] } {
  const byId = new Map((input.expectedArtifacts ?? []).map((e) => [e.id, e]));
  const expected: ExpectedArtifact[] = [];
  const problems: ValidationProblem[] = [];
  (input.expectedArtifactIds ?? []).forEach((id, i) => {
    const found = byId.get(id);
    if (found) expected.push(found);
    else problems.push({ path: `trigger.expectedArtifactIds[${i}]`, message: `no expected artifact with id '${id}' in the pipeline` });
  });
  return { expected, problems };
}

/** True when binding needs the previous execution's artifacts: an unmatched expected artifact allows a prior one. */
export function needsPriorArtifacts(input: BindingInput): boolean {
  const { expected } = requiredExpected(input);
  return expected.some((e) => e.usePriorArtifact === true && !input.received.some((a) => artifactMatches(e.matchArtifact, a)));
}

const describe = (e: ExpectedArtifact) => `'${e.displayName ?? e.id}'`;

function summary(artifact: Artifact): string {
  return artifact.reference ?? `${artifact.type ?? '?'} ${artifact.name ?? '?'}${artifact.version ? `:${artifact.version}` : ''}`;
}

function matchDescription(match: Artifact | undefined): string {
  const parts = MATCHED_ARTIFACT_FIELDS.flatMap((f) => (asString(match?.[f]) ? [`${f} ~ /${String(match?.[f])}/`] : []));
  return parts.length ? parts.join(', ') : 'anything';
}

/** Binds the trigger's expected artifacts (see the module comment). Never throws. */
export function bindExpectedArtifacts(input: BindingInput): BindingResult {
  const { expected, problems } = requiredExpected(input);
  const resolved: ExpectedArtifact[] = [];
  const extra: Artifact[] = [];
  expected.forEach((e) => {
    const path = `expectedArtifacts[id=${e.id}]`;
    let matches: Artifact[];
    try {
      matches = input.received.filter((a) => artifactMatches(e.matchArtifact, a));
    } catch (error) {
      problems.push({ path, message: `expected artifact ${describe(e)} cannot be matched: ${(error as Error).message}` });
      return;
    }
    if (matches.length > 1) {
      problems.push({
        path,
        message: `expected artifact ${describe(e)} matches ${matches.length} artifacts (${matches.map(summary).join(', ')}); it must match exactly one`,
      });
      return;
    }
    let bound: Artifact | undefined = matches[0];
    if (!bound && e.usePriorArtifact && input.prior) {
      bound = input.prior.find((a) => artifactMatches(e.matchArtifact, a));
      if (bound) extra.push(bound);
    }
    if (!bound && e.useDefaultArtifact && e.defaultArtifact) {
      bound = e.defaultArtifact;
      extra.push(bound);
    }
    if (!bound) {
      const fallbacks = [e.usePriorArtifact ? 'no prior execution had one' : '', e.useDefaultArtifact ? 'no default artifact is set' : '']
        .filter(Boolean)
        .join('; ');
      problems.push({
        path,
        message: `expected artifact ${describe(e)} (${matchDescription(e.matchArtifact)}) matched none of the ${input.received.length} artifact(s) received${fallbacks ? `; ${fallbacks}` : ''}`,
      });
      return;
    }
    resolved.push({ ...e, boundArtifact: bound });
  });
  if (problems.length) {
    return { ok: false, reason: problems.map((p) => p.message).join('; '), problems };
  }
  return { ok: true, artifacts: [...input.received, ...extra], resolvedExpectedArtifacts: resolved };
}
