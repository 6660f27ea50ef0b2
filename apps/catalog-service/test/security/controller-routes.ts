import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const SOURCE_ROOT = join(__dirname, '..', '..', 'src');
const VERBS = ['Get', 'Post', 'Put', 'Patch', 'Delete'] as const;

function controllerFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return controllerFiles(path);
    return entry.name.endsWith('.controller.ts') ? [path] : [];
  });
}

function joinPath(...parts: string[]): string {
  return `/${parts
    .map((part) => part.replace(/^\/+|\/+$/g, ''))
    .filter(Boolean)
    .join('/')}`;
}

/**
 * Every route catalog-service declares, as `METHOD /path` (e.g. `GET /v1/customers/:id`), read
 * from the `@Controller` and verb decorators of its controllers: the list a security spec must
 * cover, so a new route without a check fails the suite.
 */
export function catalogServiceRoutes(): string[] {
  const routes: string[] = [];
  for (const file of controllerFiles(SOURCE_ROOT)) {
    const source = readFileSync(file, 'utf8');
    const prefix = /@Controller\(\s*'([^']*)'\s*\)/.exec(source)?.[1];
    if (prefix === undefined) continue;
    const verbs = new RegExp(`@(${VERBS.join('|')})\\(\\s*(?:'([^']*)')?\\s*\\)`, 'g');
    for (const match of source.matchAll(verbs)) {
      routes.push(`${match[1].toUpperCase()} ${joinPath(prefix, match[2] ?? '')}`);
    }
  }
  return routes.sort();
}
