/**
 * Compiles a path glob to a RegExp: `*` matches within one path segment, `**` across segments,
 * `?` one character. A RegExp is used as given.
 */
export function compilePathPattern(pattern: string | RegExp): RegExp {
  if (pattern instanceof RegExp) return pattern;
  let source = '';
  for (let i = 0; i < pattern.length; i += 1) {
    const char = pattern[i];
    if (char === '*' && pattern[i + 1] === '*') {
      source += '.*';
      i += 1;
    } else if (char === '*') {
      source += '[^/]*';
    } else if (char === '?') {
      source += '[^/]';
    } else {
      source += char.replace(/[.+^${}()|[\]\\]/g, '\\$&');
    }
  }
  return new RegExp(`^${source}$`);
}
