/**
 * Spinnaker artifacts (kork's shape): what a trigger brings into an execution, and what a pipeline
 * says it expects. Pure types, importable from the workflow sandbox.
 */

/** One artifact, e.g. `{type: "docker/image", name: "gcr.io/p/app", version: "1.2", reference: "gcr.io/p/app@sha256:…"}`. */
export interface Artifact {
  type?: string;
  name?: string;
  version?: string;
  location?: string;
  reference?: string;
  artifactAccount?: string;
  provenance?: string;
  metadata?: Record<string, unknown>;
  [field: string]: unknown;
}

/**
 * An entry of a pipeline's `expectedArtifacts[]`. `matchArtifact`'s `type`, `name`, `version`,
 * `location` and `reference` are regular expressions (an empty or absent field matches anything).
 */
export interface ExpectedArtifact {
  id: string;
  displayName?: string;
  matchArtifact: Artifact;
  useDefaultArtifact?: boolean;
  defaultArtifact?: Artifact;
  usePriorArtifact?: boolean;
  /** Set on the copies in `trigger.resolvedExpectedArtifacts`: the artifact it was bound to. */
  boundArtifact?: Artifact;
  [field: string]: unknown;
}
