// The closing banner of `npm start`, built from the entries of apps.mjs that are running: every
// link of every app, their metrics endpoints, Kafka, the demo tenant's API key and how to stop.

const LABEL_WIDTH = 18;

function row(label, value) {
  return `  ${label.padEnd(LABEL_WIDTH)} ${value}`;
}

/**
 * @param {object} options
 * @param {Array<{ name: string, port: number, links?: Array<{ label: string, path: string, port?: number, note?: string }>, metricsPath?: string }>} options.running
 *   the apps that started, in start order
 * @param {string} options.kafka the broker's host:port
 * @param {string} options.demoApiKey the demo tenant's API key
 * @param {number} [options.seconds] how long the start took
 * @returns {string[]} the banner's lines
 */
export function startBanner({ running, kafka, demoApiKey, seconds }) {
  const url = (app, path, port = app.port) => `http://127.0.0.1:${port}${path}`;
  const lines = ['', `Concord is running${seconds === undefined ? '' : ` (${seconds} s)`}:`];
  for (const app of running) {
    for (const link of app.links ?? []) {
      const note = link.note ? `  (${link.note})` : '';
      lines.push(row(link.label, `${url(app, link.path, link.port)}${note}`));
    }
  }
  const metrics = running.filter((app) => app.metricsPath).map((a) => url(a, a.metricsPath));
  if (metrics.length > 0) lines.push(row('Metrics', metrics.join('  ')));
  lines.push(row('Kafka', kafka));
  lines.push('', row('Demo tenant key', demoApiKey));
  const api = running.find((app) => app.name === 'catalog-service');
  if (api) {
    lines.push(
      row('Try', `curl -H "Authorization: Bearer ${demoApiKey}" ${url(api, '/v1/customers')}`),
    );
  }
  lines.push(
    '',
    'Ctrl-C stops the apps. Kafka and PostgreSQL keep running for the next start',
    '(`npm run kafka -- stop` stops Kafka). LOG_LEVEL=debug shows routine lines, LOG_FORMAT=json raw JSON.',
  );
  return lines;
}
