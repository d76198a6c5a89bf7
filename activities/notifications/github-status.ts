import { ApplicationFailure } from '@temporalio/activity';
import { NotificationErrorType, type NotificationEvent } from '../../workflows/model/notification';
import { postJson } from './http';
import { executionLink, statusWord } from './message';
import type { NotificationChannel, NotificationSettings } from './types';

/** GitHub commit states per event (Echo: starting → pending, complete → success, failed → failure). */
function state(event: NotificationEvent): 'pending' | 'success' | 'failure' {
  if (event.endsWith('starting') || event === 'manualJudgment') return 'pending';
  if (event.endsWith('failed') || event === 'manualJudgmentStop') return 'failure';
  return 'success';
}

/**
 * GitHub commit status (`POST {api}/repos/{owner}/{repo}/statuses/{sha}`) for git-triggered
 * executions: the commit is `trigger.hash`, the repository `trigger.project`/`trigger.slug`.
 * Executions without them are skipped (recorded as such), as Echo skips them.
 */
export function githubStatusChannel(settings: NotificationSettings): NotificationChannel {
  return {
    type: 'githubStatus',
    async send(request, signal) {
      const trigger = request.execution.trigger;
      const sha = typeof trigger.hash === 'string' ? trigger.hash : undefined;
      const owner = typeof trigger.project === 'string' ? trigger.project : undefined;
      const repo = typeof trigger.slug === 'string' ? trigger.slug : undefined;
      if (!sha || !owner || !repo) return { skipped: 'not a git-triggered execution (no trigger.hash, project and slug)' };
      if (!/^[0-9a-f]{7,64}$/i.test(sha)) throw ApplicationFailure.nonRetryable(`trigger.hash '${sha.slice(0, 80)}' is not a commit SHA`, NotificationErrorType.InvalidTarget);
      if (!settings.github.token) throw ApplicationFailure.nonRetryable('GitHub statuses need GENNAKER_GITHUB_TOKEN on the worker', NotificationErrorType.NotConfigured);
      const { execution, stage } = request;
      const subject = stage ? `Stage '${stage.name}' in pipeline '${execution.name}'` : `Pipeline '${execution.name}'`;
      const body = {
        state: state(request.event),
        target_url: executionLink(request, settings.publicUrl),
        description: `${subject} is ${statusWord(request.event)}`.slice(0, 140),
        context: stage ? `stage/${stage.name}` : `pipeline/${execution.name}`,
      };
      const path = `/repos/${encodeURIComponent(owner)}/${encodeURIComponent(repo)}/statuses/${sha}`;
      await postJson(
        'GitHub statuses',
        `${settings.github.apiUrl}${path}`,
        body,
        { Authorization: `Bearer ${settings.github.token}`, Accept: 'application/vnd.github+json', 'X-GitHub-Api-Version': '2022-11-28', 'User-Agent': 'gennaker' },
        signal,
      );
    },
  };
}
