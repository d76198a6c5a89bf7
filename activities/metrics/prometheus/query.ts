import { MetricProviderError } from '../errors';
import { expandCustomTemplate, expandTemplate, templateBindings } from '../template';
import type { MetricScope } from '../types';

/**
 * Kayenta's `prometheus` metric query (`PrometheusCanaryMetricSetQueryConfig`), plus one Gennaker
 * shorthand:
 * - `metricName` + `labelBindings` (+ `groupByFields`) → `avg(metricName{filters}) by (fields)`;
 * - `customInlineTemplate` / `customFilterTemplate`: a label filter (`a="x",b=~"y"`) prepended to
 *   the label bindings, or, when it starts with `PromQL:`, the complete expression;
 * - `promql` (Gennaker): the complete PromQL expression, with `${scope}`/`${location}` references.
 * Scope filter: `resourceType` `gce_instance` / `aws_ec2_instance` as in Kayenta; otherwise, when
 * no custom filter is given, Gennaker adds `<scopeLabel>="<scope>"` (and `<locationLabel>=
 * "<location>"` when a location label is configured) where Kayenta would refuse the query.
 */
export interface PrometheusQuery {
  type: 'prometheus';
  metricName?: string;
  labelBindings?: string[];
  groupByFields?: string[];
  resourceType?: string;
  scopeLabel?: string;
  locationLabel?: string;
  customInlineTemplate?: string;
  customFilterTemplate?: string;
  promql?: string;
}

/** Account-level defaults of the scope filter. */
export interface PrometheusLabels {
  /** Label holding the scope (Kayenta's account `scopeLabel`, default `instance`). */
  scopeLabel: string;
  /** Label holding the location; no location filter when unset. */
  locationLabel?: string;
}

const PROMQL_PREFIX = 'PromQL:';

function quote(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}

function stringList(value: unknown, field: string, metricName: string): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) {
    throw new MetricProviderError(`metric '${metricName}': ${field} must be a list of strings`, 'query');
  }
  return value as string[];
}

function scopeFilters(query: PrometheusQuery, scope: MetricScope, resourceType: string, labels: PrometheusLabels, metricName: string): string[] {
  const needLocation = () => {
    if (!scope.location) throw new MetricProviderError(`metric '${metricName}': a location (region) is required when resourceType is '${resourceType}'`, 'query');
    return scope.location;
  };
  switch (resourceType) {
    case 'gce_instance': {
      const location = needLocation();
      const project = scope.extendedScopeParams?.project;
      const filters = scope.scope ? [`${query.scopeLabel ?? labels.scopeLabel}=~${quote(`${scope.scope}-.{4}`)}`] : [];
      return [...filters, `zone=~${quote(`.+/${project ? `projects/${project}/` : ''}zones/${location}-.{1}`)}`];
    }
    case 'aws_ec2_instance': {
      const location = needLocation();
      return [...(scope.scope ? [`asg_groupName=${quote(scope.scope)}`] : []), `zone=~${quote(`${location}.{1}`)}`];
    }
    case '': {
      const filters = [`${query.scopeLabel ?? labels.scopeLabel}=${quote(scope.scope)}`];
      const locationLabel = query.locationLabel ?? labels.locationLabel;
      if (locationLabel && scope.location) filters.push(`${locationLabel}=${quote(scope.location)}`);
      return filters;
    }
    default:
      throw new MetricProviderError(
        `metric '${metricName}': resourceType '${resourceType}' is not supported; build the query with labelBindings and a custom filter template instead`,
        'query',
      );
  }
}

/**
 * The PromQL expression of a canary metric for one scope.
 * @throws MetricProviderError (`query`) when the query cannot be built.
 */
export function buildPromQl(
  query: PrometheusQuery,
  scope: MetricScope,
  templates: Record<string, string> | undefined,
  labels: PrometheusLabels,
  metricName: string,
): string {
  if (typeof query.promql === 'string' && query.promql.trim()) {
    return expandTemplate(query.promql, templateBindings(scope, query.resourceType), metricName);
  }
  const resourceType = query.resourceType || scope.extendedScopeParams?.resourceType || '';
  const custom = expandCustomTemplate(query, scope, templates, metricName, resourceType);
  if (custom?.startsWith(PROMQL_PREFIX)) return custom.slice(PROMQL_PREFIX.length).trim();

  if (!query.metricName) {
    throw new MetricProviderError(`metric '${metricName}': a prometheus query needs metricName, a PromQL: custom template or promql`, 'query');
  }
  const bindings = stringList(query.labelBindings, 'labelBindings', metricName);
  const filters = custom
    ? [...custom.split(',').map((f) => f.trim()).filter(Boolean), ...bindings]
    : [...bindings, ...scopeFilters(query, scope, resourceType, labels, metricName)];
  const selector = `${query.metricName}${filters.length ? `{${filters.join(',')}}` : ''}`;
  const groupBy = stringList(query.groupByFields, 'groupByFields', metricName);
  return `avg(${selector})${groupBy.length ? ` by (${groupBy.join(',')})` : ''}`;
}
