// Liveness and readiness for load balancers and container health checks.
import { Router } from 'express';

export function createHealthRouter(deps: {
  isDatabaseReachable: () => Promise<boolean>;
  /** True once the process has been asked to stop: the load balancer should send no more. */
  isStopping?: () => boolean;
}): Router {
  const router = Router();
  // Liveness: the process answers. Never touches dependencies, so a slow database does not get
  // healthy instances killed.
  router.get('/healthz', (_req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    res.json({ status: 'ok' });
  });
  // Readiness: this instance can serve pages, i.e. the database answers and it is not stopping.
  router.get('/readyz', async (_req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    if (deps.isStopping?.()) {
      res.status(503).json({ status: 'stopping' });
      return;
    }
    const database = await deps.isDatabaseReachable();
    res.status(database ? 200 : 503).json({ status: database ? 'ok' : 'unavailable', database });
  });
  return router;
}
