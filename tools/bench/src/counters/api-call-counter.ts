// `node dist/tools/bench/src/counters/api-call-counter.js`: a counting reverse proxy in front of the
// Stripe simulator, run by the bench as a process of its own (so its CPU is not the bench's).
//
//   PORT=<listen port> TARGET_URL=http://127.0.0.1:<simulator port> node …/api-call-counter.js
//
// Forwards every request to TARGET_URL as it is and counts it; GET /__bench/calls answers
// {"calls": n}, GET /health/ready answers 200. The bench points each tenant's integration
// (`settings.baseUrl`) at it, so it counts exactly the external API calls the connector makes,
// whatever the commit, and nothing else: the bench's own SDK calls go to the simulator directly.
import { Agent, createServer, request } from 'node:http';

const target = new URL(process.env['TARGET_URL'] ?? '');
const port = Number(process.env['PORT']);
const agent = new Agent({ keepAlive: true, maxSockets: 256 });
let calls = 0;

const server = createServer((req, res) => {
  if (req.url === '/__bench/calls' || req.url === '/health/ready') {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ calls }));
    return;
  }
  calls += 1;
  const upstream = request(
    {
      host: target.hostname,
      port: target.port,
      method: req.method,
      path: req.url,
      headers: { ...req.headers, host: target.host },
      agent,
    },
    (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    },
  );
  upstream.on('error', (error) => {
    if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
    res.end(`api-call-counter: ${error.message}`);
  });
  req.pipe(upstream);
});

server.keepAliveTimeout = 65_000;
server.listen(port, '127.0.0.1');
process.on('SIGTERM', () => server.close(() => process.exit(0)));
