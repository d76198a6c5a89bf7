import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';

/**
 * An HTTP pass-through to a real server that can hold requests: while closed, requests wait
 * (counted in `held`) until `open()`. Lets a test kill a worker while its activity is mid-request.
 */
export async function startGateProxy(target: string) {
  const targetUrl = new URL(target);
  let closed = false;
  let held = 0;
  const waiting: (() => void)[] = [];
  const forward = (req: IncomingMessage, res: ServerResponse) => {
    const upstream = request(
      { hostname: targetUrl.hostname, port: targetUrl.port, path: req.url, method: req.method, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  };
  const server = createServer((req, res) => {
    if (!closed) return forward(req, res);
    held += 1;
    req.pause();
    waiting.push(() => {
      req.resume();
      forward(req, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    get held() {
      return held;
    },
    close() {
      closed = true;
    },
    open() {
      closed = false;
      for (const release of waiting.splice(0)) release();
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
