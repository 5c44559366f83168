/** `--help`, `--version`, exit codes and one-line flag errors, through the bundle (dist/cli.js). */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it, vi } from 'vitest';
import { parse } from 'yaml';
import { generateFlags } from '../scripts/generate-flags.mjs';

const BUNDLE = join(import.meta.dirname, '../dist/cli.js');
const PACKAGES = join(import.meta.dirname, '../..');
// Each case starts node on the bundle (about 1 s, more on a busy machine).
vi.setConfig({ testTimeout: 30_000 });

const REFUSED = ['aws-secret-access-key', 'aws-session-token'];
const CAPABILITIES = { credentials: 'aws-credentials', 'ecr-push': 'ecr-push', 'ssm-secret': 'ssm-secret' };

async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [BUNDLE, ...args], {
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: '/nonexistent' },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('--help', () => {
  for (const [command, pkg] of Object.entries(CAPABILITIES)) {
    it(`${command} --help lists every input of ${pkg}/action.yml with its default, on stdout`, async () => {
      const { code, stdout, stderr } = await cli(command, '--help');
      expect(code).toBe(0);
      expect(stderr).toBe('');
      const action = parse(readFileSync(join(PACKAGES, pkg, 'action.yml'), 'utf8')) as {
        inputs: Record<string, { default?: string }>;
      };
      const flat = stdout.replace(/\n\s+/g, ' ');
      for (const [name, spec] of Object.entries(action.inputs)) {
        // Flags the CLI refuses are not listed; the note names the variables instead.
        if (REFUSED.includes(name)) {
          expect(stdout).not.toContain(`--${name}`);
          expect(flat).toContain('set AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY/AWS_SESSION_TOKEN');
          continue;
        }
        const head = new RegExp(`\\n {2}--${name}( <value>|\\[=true\\|false\\])\\n`);
        expect(stdout).toMatch(head);
        if (spec.default !== undefined && spec.default !== '') {
          const entry = flat.slice(flat.indexOf(`--${name}`)).split(/ {2}--/)[0]!;
          expect(entry).toContain(`(default: ${spec.default})`);
        }
      }
      for (const own of ['--export <value>', '--web-identity-token-env <value>', '--debug[=true|false]']) {
        expect(stdout).toContain(own);
      }
      expect(stdout).toContain('Exit codes: 0 ok, 1 failure, 2 bad usage.');
      // The CLI's own words: no GitHub step model, its real session name.
      expect(flat).not.toMatch(/post step|step outputs?\b|GitHubActions|GitHub OIDC|workflow command/i);
      if (command !== 'ecr-push') expect(flat).toContain('aws-ci-kit-<repository>-<run id>-<attempt>');
    });
  }

  it('the flags file is generated from the action.yml files (not stale)', () => {
    expect(readFileSync(join(import.meta.dirname, '../src/action-flags.generated.json'), 'utf8')).toBe(
      generateFlags(),
    );
  });

  for (const command of ['credentials', 'credential-process', 'ecr-push', 'ssm-secret', 'exec']) {
    it(`${command} -h, ${command} --help and help ${command} print its help and exit 0`, async () => {
      const long = await cli(command, '--help');
      expect(long.code).toBe(0);
      expect(long.stdout).toMatch(new RegExp(`^Usage: aws-ci-kit ${command} `));
      expect(await cli(command, '-h')).toEqual(long);
      expect(await cli('help', command)).toEqual(long);
      expect(await cli(command, '--role-to-assume', 'x', '--help=true')).toEqual(long);
    });
  }

  it('exec --help: the usage, what the command gets, exit codes; no refused flag', async () => {
    const { stdout } = await cli('exec', '--help');
    const flat = stdout.replace(/\n\s+/g, ' ');
    expect(flat).toContain('aws-ci-kit exec [flags] -- <command> [args...]');
    expect(flat).toContain('--role-to-assume <value>');
    expect(flat).toContain('--names <value>');
    expect(flat).not.toMatch(
      /--aws-secret-access-key|--aws-session-token|--export |--aws-profile |--dotenv-file/,
    );
    expect(flat).toContain('127 command not found');
  });

  it('aws-ci-kit --help names every command; --version prints the package version', async () => {
    const help = await cli('--help');
    expect(help.code).toBe(0);
    expect(help.stdout).not.toMatch(/eval "\$\(/);
    for (const command of ['credentials', 'credential-process', 'ecr-push', 'ssm-secret', 'exec']) {
      expect(help.stdout).toContain(`\n  ${command}`);
    }
    const version = await cli('--version');
    expect(version).toEqual({
      code: 0,
      stdout: `${JSON.parse(readFileSync(join(import.meta.dirname, '../package.json'), 'utf8')).version}\n`,
      stderr: '',
    });
  });
});

describe('bad usage: exit 2, one line naming the flag and the fix, nothing on stdout', () => {
  const cases: Array<[string[], RegExp]> = [
    [
      ['credentials', '--role-to-asume', 'x'],
      /unknown flag --role-to-asume\. Did you mean --role-to-assume\? Run `aws-ci-kit credentials --help`/,
    ],
    [['ssm-secret', '--names'], /--names needs a value; write --names <value> or --names=<value>\./],
    [
      ['credentials', '--debug=yes'],
      /--debug is true or false, got "yes"; write --debug, --debug=true or --debug=false\./,
    ],
    [['credentials', '--role-chaining=maybe'], /--role-chaining is true or false, got "maybe"/],
    [
      ['exec', '--role-to-assume', 'x'],
      /name the command to run after `--`: aws-ci-kit exec \[flags\] -- <command>/,
    ],
    [['help', 'nope'], /unknown command "nope"/],
    [['ecr-push', 'repo'], /unexpected argument "repo": every setting is a --flag\./],
    [
      ['credentials', '--export', 'xml'],
      /--export xml is not a format of this command; use one of shell, dotenv, json/,
    ],
    [
      ['ssm-secret', '--names', 'a', '--export', 'profile'],
      /--export profile is not a format of this command/,
    ],
    [
      ['credentials', '--aws-secret-access-key', 'x', '--export', 'credential-process'],
      /--aws-secret-access-key would put a secret on the command line .*set AWS_CI_KIT_AWS_SECRET_ACCESS_KEY or AWS_SECRET_ACCESS_KEY\/AWS_SESSION_TOKEN in the job's environment/,
    ],
    [
      ['ssm-secret', '--names', 'a', '--aws-session-token', 'x'],
      /--aws-session-token would put a secret on the command line/,
    ],
    [['credentails'], /unknown command "credentails"\. Did you mean credentials\?/],
    [[], /name a command\. Run `aws-ci-kit --help`/],
    [
      ['credentials', '--role-duration-seconds', '10'],
      /Input `role-duration-seconds` must be a whole number from 900 to 43200, got "10"\. Fix: /,
    ],
    [['ssm-secret'], /No parameters to read\. Fix: Set `names` or `paths`\./],
  ];
  for (const [args, message] of cases) {
    it(`aws-ci-kit ${args.join(' ')}`, async () => {
      const { code, stdout, stderr } = await cli(...args);
      expect(code).toBe(2);
      expect(stdout).toBe('');
      const lines = stderr
        .trim()
        .split('\n')
        .filter((l) => !l.startsWith('notice:'));
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(message);
    });
  }
});
