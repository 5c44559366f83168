/**
 * What the CIs make of a step's output, parsed the way their runners do: GitHub's file commands
 * (GITHUB_ENV / GITHUB_OUTPUT, `NAME=value` and `NAME<<DELIMITER` heredocs) and workflow commands
 * (`::name::` at the start of a line, paused by `::stop-commands::`), Azure Pipelines' logging
 * commands (`##vso[area.event k=v;...]message` anywhere in a line). Each also replays the masking:
 * every output line is checked after the secrets registered before it are masked.
 */

/** .NET's ReadLine: CR, LF and CRLF all end a line. */
const lines = (text: string): string[] => {
  const out = text.split(/\r\n|\r|\n/);
  if (out.at(-1) === '') out.pop();
  return out;
};

/** GitHub's file-command parser (runner SetEnvFileCommand / SetOutputFileCommand). */
export function parseGithubFile(text: string): Map<string, string> {
  const result = new Map<string, string>();
  const all = lines(text);
  for (let i = 0; i < all.length; i++) {
    const line = all[i]!;
    if (line === '') continue;
    const eq = line.indexOf('=');
    const heredoc = line.indexOf('<<');
    if (eq >= 0 && (heredoc < 0 || eq < heredoc)) {
      result.set(line.slice(0, eq), line.slice(eq + 1));
    } else if (heredoc >= 0) {
      const name = line.slice(0, heredoc);
      const delimiter = line.slice(heredoc + 2);
      const value: string[] = [];
      let closed = false;
      for (i++; i < all.length; i++) {
        if (all[i] === delimiter) {
          closed = true;
          break;
        }
        value.push(all[i]!);
      }
      if (!closed) throw new Error(`GitHub would fail: no closing delimiter for ${name}`);
      result.set(name, value.join('\n'));
    } else {
      throw new Error(`GitHub would fail: invalid file command line "${line.slice(0, 80)}"`);
    }
  }
  return result;
}

export interface CommandLog {
  /** Commands the CI ran: `add-mask`, `task.setvariable`, ... with their properties and data. */
  commands: Array<{ name: string; properties: Record<string, string>; data: string }>;
  /** Lines shown in the log after masking. */
  shown: string[];
  /** Secrets registered with the CI. */
  masks: Set<string>;
  /** Shown lines in which a secret appeared unmasked (with the secret). */
  leaks: Array<{ line: string; secret: string }>;
}

const maskLine = (line: string, masks: Set<string>): string => {
  let out = line;
  for (const m of [...masks].sort((a, b) => b.length - a.length)) if (m) out = out.split(m).join('***');
  return out;
};

const findLeaks = (shown: string, secrets: readonly string[]): string[] =>
  secrets.filter((s) => s.length >= 3 && shown.includes(s));

/** The pieces of secrets to look for: each secret and each of its lines. */
export function secretPieces(values: readonly string[]): string[] {
  const pieces = new Set<string>();
  for (const v of values) {
    for (const line of v.split(/\r\n|\r|\n/)) if (line.trim().length >= 3) pieces.add(line);
  }
  return [...pieces];
}

const unescapeGithub = (s: string): string =>
  s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%');

/** GitHub runner: workflow commands on stdout, honouring stop-commands. */
export function parseGithubLog(stdout: string, secrets: readonly string[]): CommandLog {
  const log: CommandLog = { commands: [], shown: [], masks: new Set(), leaks: [] };
  let stopToken: string | undefined;
  for (const raw of stdout.split('\n')) {
    const line = raw.replace(/\r$/, '');
    const trimmed = line.trim();
    if (stopToken !== undefined) {
      if (trimmed === `::${stopToken}::`) {
        stopToken = undefined;
        continue;
      }
    } else {
      const match = /^::([A-Za-z-]+)(?: ([^:]*))?::(.*)$/.exec(trimmed);
      if (match) {
        const name = match[1]!;
        const properties: Record<string, string> = {};
        for (const pair of (match[2] ?? '').split(',').filter(Boolean)) {
          const at = pair.indexOf('=');
          properties[pair.slice(0, at)] = unescapeGithub(pair.slice(at + 1));
        }
        const data = unescapeGithub(match[3]!);
        log.commands.push({ name, properties, data });
        if (name === 'add-mask') log.masks.add(data);
        if (name === 'stop-commands') stopToken = data;
        // debug/warning/error data is shown (masked).
        if (['debug', 'warning', 'error', 'notice'].includes(name)) {
          const shown = maskLine(data, log.masks);
          log.shown.push(shown);
          for (const s of findLeaks(shown, secrets)) log.leaks.push({ line: shown.slice(0, 200), secret: s });
        }
        continue;
      }
    }
    const shown = maskLine(line, log.masks);
    log.shown.push(shown);
    for (const s of findLeaks(shown, secrets)) log.leaks.push({ line: shown.slice(0, 200), secret: s });
  }
  return log;
}

const unescapeVsoProperty = (s: string): string =>
  s
    .replace(/%3B/gi, ';')
    .replace(/%0D/gi, '\r')
    .replace(/%0A/gi, '\n')
    .replace(/%5D/gi, ']')
    .replace(/%AZP25/gi, '%');
const unescapeVsoData = (s: string): string =>
  s
    .replace(/%0D/gi, '\r')
    .replace(/%0A/gi, '\n')
    .replace(/%AZP25/gi, '%');

/** Azure Pipelines agent: `##vso[` commands anywhere in a line; secrets from setsecret and issecret. */
export function parseAzureLog(stdout: string, secrets: readonly string[]): CommandLog {
  const log: CommandLog = { commands: [], shown: [], masks: new Set(), leaks: [] };
  for (const raw of stdout.split('\n')) {
    const line = raw.replace(/\r$/, '');
    const start = line.indexOf('##vso[');
    const end = start >= 0 ? line.indexOf(']', start) : -1;
    if (start >= 0 && end > start) {
      const head = line.slice(start + 6, end);
      const space = head.indexOf(' ');
      const name = space < 0 ? head : head.slice(0, space);
      const properties: Record<string, string> = {};
      for (const pair of (space < 0 ? '' : head.slice(space + 1)).split(';').filter((p) => p.trim())) {
        const at = pair.indexOf('=');
        properties[pair.slice(0, at).trim().toLowerCase()] = unescapeVsoProperty(pair.slice(at + 1));
      }
      const data = unescapeVsoData(line.slice(end + 1));
      log.commands.push({ name: name.toLowerCase(), properties, data });
      if (name.toLowerCase() === 'task.setsecret') log.masks.add(data);
      if (name.toLowerCase() === 'task.setvariable' && properties.issecret === 'true') log.masks.add(data);
      if (['task.debug', 'task.logissue', 'task.issue', 'task.complete'].includes(name.toLowerCase())) {
        const shown = maskLine(data, log.masks);
        log.shown.push(shown);
        for (const s of findLeaks(shown, secrets)) log.leaks.push({ line: shown.slice(0, 200), secret: s });
      }
      continue;
    }
    const shown = maskLine(line, log.masks);
    log.shown.push(shown);
    for (const s of findLeaks(shown, secrets)) log.leaks.push({ line: shown.slice(0, 200), secret: s });
  }
  return log;
}
