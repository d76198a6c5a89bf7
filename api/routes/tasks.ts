/**
 * `POST /tasks` (create/update/delete an application) answers `{ref}` after the task has run, so
 * `GET /tasks/{id}` is already finished when spin polls it.
 */
import { Router } from 'express';
import { authorizeTask, runApplicationTask, taskApplications, taskDocument, taskRequestSchema } from '../application-tasks';
import { reconcileCronAfterWrite } from '../cron/after-write';
import { accessFor, type ApiDeps } from '../deps';
import { notFound } from '../errors';
import { newUlid } from '../ids';
import { parseOrThrow } from '../validation';

export function tasksRouter(deps: ApiDeps): Router {
  const router = Router();

  router.post('/tasks', async (req, res) => {
    const request = parseOrThrow(taskRequestSchema, req.body, 'task');
    await authorizeTask(request, deps, accessFor(deps, res));
    const task = await runApplicationTask(newUlid(), request, deps);
    if (request.job.some((job) => job.type === 'deleteApplication')) await reconcileCronAfterWrite(deps, res, 'all');
    res.json({ ref: `/tasks/${task.id}` });
  });

  router.get('/tasks/:id', async (req, res) => {
    const task = await deps.tasks.get(req.params.id);
    if (!task) throw notFound(`task '${req.params.id}' not found`);
    // Orca answers a task to those who may read its application: its jobs carry the application's attributes.
    const access = accessFor(deps, res);
    for (const application of taskApplications(task)) await access.require(application, 'READ');
    res.json(taskDocument(task));
  });

  return router;
}
