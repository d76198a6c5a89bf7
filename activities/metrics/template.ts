import { MetricProviderError } from './errors';
import type { MetricScope } from './types';

/**
 * Kayenta's custom query templates (`QueryConfigUtils.expandCustomFilter`): `customInlineTemplate`
 * wins over `customFilterTemplate` (a name in the canary config's `templates`); `${scope}`,
 * `${location}`, `${project}`, `${resourceType}` and every `extendedScopeParams` key are
 * substituted. Kayenta renders with FreeMarker; Gennaker supports the plain `${name}` references
 * canary configs use and refuses anything else with a clear message.
 */
export interface TemplateSource {
  customInlineTemplate?: unknown;
  customFilterTemplate?: unknown;
  resourceType?: unknown;
}

const REFERENCE = /\$\{([^}]*)\}/g;
const NAME = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*$/;

/** The bindings a template sees for one scope. */
export function templateBindings(scope: MetricScope, resourceType?: string): Record<string, string> {
  const bindings: Record<string, string> = { scope: scope.scope };
  if (scope.location) bindings.location = scope.location;
  if (scope.extendedScopeParams?.project) bindings.project = scope.extendedScopeParams.project;
  if (resourceType) bindings.resourceType = resourceType;
  return { ...bindings, ...(scope.extendedScopeParams ?? {}) };
}

/** Replaces every `${name}` in `template`; an unknown name or an expression is a query error. */
export function expandTemplate(template: string, bindings: Record<string, string>, metricName: string): string {
  // Kayenta stores templates with `${` escaped as `$\{`.
  return template.replace(/\$\\\{/g, '${').replace(REFERENCE, (whole, inner: string) => {
    const name = NAME.exec(inner)?.[1];
    if (!name) throw new MetricProviderError(`metric '${metricName}': template expression '${whole}' is not supported (only \${name} references)`, 'query');
    const value = bindings[name];
    if (value === undefined) {
      throw new MetricProviderError(
        `metric '${metricName}': template variable '${name}' is not bound (available: ${Object.keys(bindings).join(', ')})`,
        'query',
      );
    }
    return value;
  });
}

/**
 * The expanded custom template of a query, or undefined when it has none.
 * @throws MetricProviderError (`query`) for an unknown template name or variable.
 */
export function expandCustomTemplate(
  source: TemplateSource,
  scope: MetricScope,
  templates: Record<string, string> | undefined,
  metricName: string,
  resourceType?: string,
): string | undefined {
  const inline = typeof source.customInlineTemplate === 'string' ? source.customInlineTemplate : '';
  const named = typeof source.customFilterTemplate === 'string' ? source.customFilterTemplate : '';
  if (!inline && !named) return undefined;
  let template = inline;
  if (!template) {
    if (!templates || !Object.prototype.hasOwnProperty.call(templates, named)) {
      const known = Object.keys(templates ?? {});
      throw new MetricProviderError(
        `metric '${metricName}': custom filter template '${named}' is not defined in the canary config's templates${known.length ? ` (defined: ${known.join(', ')})` : ''}`,
        'query',
      );
    }
    template = templates[named];
  }
  return expandTemplate(template, templateBindings(scope, resourceType), metricName);
}
