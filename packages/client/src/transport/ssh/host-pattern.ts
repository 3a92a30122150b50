/**
 * OpenSSH's patterns (ssh_config(5) "PATTERNS"): `*` matches any run of characters, `?` exactly one, everything
 * else itself; a pattern list is comma-separated and an entry may be negated with `!`. Used for known_hosts names
 * and for ssh_config's `Host` and `Match` criteria.
 */

/**
 * Whether `pattern` matches all of `text`, case-sensitively (callers lowercase host names first, as OpenSSH does).
 * Iterative, remembering only the last `*`: linear in practice and never exponential, whatever a hostile pattern holds.
 */
export function matchesPattern(pattern: string, text: string): boolean {
  let p = 0;
  let t = 0;
  let starAt = -1;
  let starText = 0;
  while (t < text.length) {
    const char = pattern[p];
    if (char === '*') {
      starAt = p++;
      starText = t;
    } else if (char !== undefined && (char === '?' || char === text[t])) {
      p++;
      t++;
    } else if (starAt >= 0) {
      p = starAt + 1;
      t = ++starText;
    } else {
      return false;
    }
  }
  while (pattern[p] === '*') p++;
  return p === pattern.length;
}

/**
 * OpenSSH's pattern lists: true when some positive entry matches and no negated one does (a negated match decides
 * at once). A list of only negated entries matches nothing.
 */
export function matchesPatternList(patterns: readonly string[], text: string): boolean {
  let matched = false;
  for (const pattern of patterns) {
    const negated = pattern.startsWith('!');
    if (!matchesPattern(negated ? pattern.slice(1) : pattern, text)) continue;
    if (negated) return false;
    matched = true;
  }
  return matched;
}
