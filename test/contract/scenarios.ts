import { escapeControls } from '@aws-ci-kit/core';
import { b64, type Scenario, type ValueRef } from './fixture/contract-step.ts';
import type { CiKind, Endpoint } from './harness.ts';

/** A secret the fixture decodes inside the step (it never appears in plain text in an input). */
export const secret = (plain: string): ValueRef => ({ secret: b64(plain) });

/** 60 lines of 1000 characters, built inside the step. */
export const LONG: ValueRef = { repeat: `${'0123456789abcdef'.repeat(62)}12345678\n`, times: 60 };

export const VALUES = {
  simple: 'hello',
  multiline: 'line one\nline two\n\n  line four  \n',
  unicode: 'héllo wörld ✓ 日本語 🚀 \u2028 ẞ end',
  long: `${'0123456789abcdef'.repeat(62)}12345678\n`.repeat(60),
} as const;

/** Text that would be a CI command, an extra variable or a broken file command if printed or stored raw. */
export const PAYLOADS = [
  'a\n##vso[task.setvariable variable=EVIL]pwned\nb',
  'prefix ##vso[task.setvariable variable=EVIL;isOutput=true]pwned',
  '##vso[task.setsecret]fake-mask',
  '##[group]not a group',
  'a\n::set-env name=EVIL::pwned',
  '::set-output name=EVIL::pwned',
  '  ::add-mask::fake-mask',
  'x ##[set-output name=EVIL;]pwned',
  'y ##[add-mask]fake-mask',
  'a%0A::set-env name=EVIL::pwned%0D%0A##vso[task.setvariable variable=EVIL]pwned',
  'EOF\nghadelimiter_00000000-0000-0000-0000-000000000000\nEVIL<<EOF\npwned\nEOF\nEVIL=pwned',
  '::stop-commands::tok\n::tok::\n::add-mask::fake-mask',
  '::SET-OUTPUT name=EVIL::pwned',
  'z ##VSO[task.setvariable variable=EVIL]pwned',
  '\u0085::add-mask::fake-mask',
  'a\r::set-env name=EVIL::pwned',
  'b\r##vso[task.setvariable variable=EVIL]pwned',
] as const;

export const INJECTION = PAYLOADS.join('\n');

export const SECRETS = {
  single: 'wJalr%XUtnFEMI;K7MDENG]bPxRfiCYzz',
  multiline:
    '-----BEGIN TEST KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEF\n  AASCBKcwggSjAgEAAoIBAQC7  \n-----END TEST KEY-----',
  endpoint: 'endpoint/Secret+Key%AZP25x',
} as const;

/** A service connection, keyed by its id (the agent's ids are GUIDs). */
export const CONNECTION_ID = '3f2b6c1e-8a4d-4c2e-9b1a-7d5e6f8a9b0c';

export const ENDPOINTS: Record<string, Endpoint> = {
  [CONNECTION_ID]: {
    url: 'https://sts.amazonaws.com/',
    scheme: 'UsernamePassword',
    parameters: { username: 'AKIAENDPOINTUSER0001', password: SECRETS.endpoint },
  },
};

export interface Expectation {
  readonly ok: boolean;
  /** Exactly the variables / outputs the CI records after main (name -> value). */
  readonly variables: Readonly<Record<string, string>>;
  readonly outputs: Readonly<Record<string, string>>;
  /** Exactly the state main saved (besides the adapter's post flag), as the post step reads it back. */
  readonly state: Readonly<Record<string, string>>;
  /** Secrets that must be masked before their first appearance, and appear at least once. */
  readonly secrets?: readonly string[];
  /** Secrets the step must register with the CI (each line of them), even if they never appear. */
  readonly registered?: readonly string[];
  /** Lines (after the CI renders them) that must be visible in main's log. */
  readonly visible?: readonly string[];
  /** `node -e` results main reported: stdin and env echoed back. */
  readonly exec?: ReadonlyArray<{ readonly stdin: string; readonly env: string }>;
  readonly summary?: string;
  /** For a failing step: texts the single error line contains. */
  readonly error?: readonly string[];
  /** For a failing step: the stable code its error line carries (annotation title / issue code). */
  readonly code?: string;
}

export interface ContractCase {
  readonly name: string;
  readonly scenario: Scenario;
  readonly endpoints?: Readonly<Record<string, Endpoint>>;
  readonly expect: Expectation | ((ci: CiKind) => Expectation);
}

const stateOps = (values: Record<string, string>) => ({
  main: Object.entries(values).map(([key, value]) => ({ op: 'saveState', key, value }) as const),
  post: Object.keys(values).map((key) => ({ op: 'reportState', key }) as const),
});

const roundTrip = {
  S_SIMPLE: VALUES.simple,
  S_MULTI: VALUES.multiline,
  S_UNICODE: VALUES.unicode,
  S_LONG: VALUES.long,
};

export const CASES: readonly ContractCase[] = [
  {
    name: 'variables, outputs and state round-trip (newlines, unicode, 60 KB)',
    scenario: {
      main: [
        { op: 'setVariable', name: 'V_SIMPLE', value: VALUES.simple },
        { op: 'setVariable', name: 'V_MULTI', value: VALUES.multiline },
        { op: 'setVariable', name: 'V_UNICODE', value: VALUES.unicode },
        { op: 'setVariable', name: 'V_LONG', value: LONG },
        { op: 'setOutput', name: 'O_SIMPLE', value: VALUES.simple },
        { op: 'setOutput', name: 'O_MULTI', value: VALUES.multiline },
        { op: 'setOutput', name: 'O_UNICODE', value: VALUES.unicode },
        { op: 'setOutput', name: 'O_LONG', value: LONG },
        ...stateOps(roundTrip).main.filter(({ key }) => key !== 'S_LONG'),
        { op: 'saveState', key: 'S_LONG', value: LONG },
        { op: 'info', text: VALUES.unicode },
        { op: 'exec', stdin: VALUES.multiline, env: VALUES.unicode },
        { op: 'summary', markdown: `# Contract\n\n${VALUES.unicode}` },
        { op: 'summary', markdown: 'second section ✓' },
      ],
      post: stateOps(roundTrip).post,
    },
    expect: {
      ok: true,
      variables: {
        V_SIMPLE: VALUES.simple,
        V_MULTI: VALUES.multiline,
        V_UNICODE: VALUES.unicode,
        V_LONG: VALUES.long,
      },
      outputs: {
        O_SIMPLE: VALUES.simple,
        O_MULTI: VALUES.multiline,
        O_UNICODE: VALUES.unicode,
        O_LONG: VALUES.long,
      },
      state: roundTrip,
      visible: [VALUES.unicode],
      exec: [{ stdin: VALUES.multiline, env: VALUES.unicode }],
      summary: `# Contract\n\n${VALUES.unicode}\nsecond section ✓`,
    },
  },
  {
    name: 'command and file-command look-alikes stay data',
    scenario: {
      main: [
        { op: 'setVariable', name: 'V_INJECT', value: INJECTION },
        { op: 'setOutput', name: 'O_INJECT', value: INJECTION },
        ...stateOps({ S_INJECT: INJECTION }).main,
        ...PAYLOADS.map((text) => ({ op: 'info', text }) as const),
        { op: 'debug', text: INJECTION },
        { op: 'warning', text: INJECTION },
        { op: 'group', title: INJECTION, text: INJECTION },
        { op: 'exec', stdin: INJECTION, env: INJECTION },
        { op: 'summary', markdown: INJECTION },
      ],
      post: [...stateOps({ S_INJECT: INJECTION }).post, { op: 'info', text: INJECTION }],
    },
    expect: {
      ok: true,
      variables: { V_INJECT: INJECTION },
      outputs: { O_INJECT: INJECTION },
      state: { S_INJECT: INJECTION },
      // Printed, not swallowed: every payload line is still there for a person to read.
      // Control characters (U+0085 here) are shown escaped by the one output guard.
      visible: PAYLOADS.flatMap((text) => text.split(/\r\n|\r|\n/)).map(escapeControls),
      exec: [{ stdin: INJECTION, env: INJECTION }],
    },
  },
  {
    name: 'a secret is masked before its first use',
    scenario: {
      main: [
        { op: 'mask', value: secret(SECRETS.single) },
        { op: 'info', text: secret(SECRETS.single) },
        { op: 'debug', text: secret(SECRETS.single) },
        { op: 'warning', text: secret(SECRETS.single) },
        { op: 'group', title: secret(SECRETS.single), text: secret(SECRETS.single) },
        { op: 'setVariable', name: 'V_SECRET', value: secret(SECRETS.single), secret: true },
        { op: 'setOutput', name: 'O_SECRET', value: secret(SECRETS.single), secret: true },
        { op: 'exec', stdin: secret(SECRETS.single), env: secret(SECRETS.single) },
        { op: 'summary', markdown: secret(SECRETS.single) },
      ],
    },
    expect: {
      ok: true,
      variables: { V_SECRET: SECRETS.single },
      outputs: { O_SECRET: SECRETS.single },
      state: {},
      secrets: [SECRETS.single],
      exec: [{ stdin: SECRETS.single, env: SECRETS.single }],
    },
  },
  {
    name: 'a secret variable masks itself (no explicit mask first)',
    scenario: {
      main: [
        { op: 'setOutput', name: 'O_SECRET', value: secret(SECRETS.single), secret: true },
        { op: 'info', text: secret(SECRETS.single) },
      ],
    },
    expect: {
      ok: true,
      variables: {},
      outputs: { O_SECRET: SECRETS.single },
      state: {},
      secrets: [SECRETS.single],
    },
  },
  {
    name: 'each line of a multi-line secret is masked',
    scenario: {
      main: [
        { op: 'mask', value: secret(SECRETS.multiline) },
        { op: 'info', text: secret(SECRETS.multiline) },
        { op: 'debug', text: secret(SECRETS.multiline) },
        { op: 'warning', text: secret(SECRETS.multiline) },
        { op: 'exec', stdin: secret(SECRETS.multiline), env: secret(SECRETS.multiline) },
        { op: 'summary', markdown: secret(SECRETS.multiline) },
      ],
    },
    expect: {
      ok: true,
      variables: {},
      outputs: {},
      state: {},
      secrets: [SECRETS.multiline],
      exec: [{ stdin: SECRETS.multiline, env: SECRETS.multiline }],
    },
  },
  {
    name: 'a multi-line secret variable: GitHub stores it, Azure refuses it in one line (lines masked first)',
    scenario: {
      main: [{ op: 'setVariable', name: 'V_PEM', value: secret(SECRETS.multiline), secret: true }],
    },
    expect: (ci): Expectation =>
      ci === 'github'
        ? {
            ok: true,
            variables: { V_PEM: SECRETS.multiline },
            outputs: {},
            state: {},
            secrets: [SECRETS.multiline],
          }
        : {
            ok: false,
            variables: {},
            outputs: {},
            state: {},
            registered: [SECRETS.multiline],
            error: ['multi-line secret `V_PEM`', 'SYSTEM_UNSAFEALLOWMULTILINESECRET'],
            code: 'MultilineSecret',
          },
  },
  {
    name: 'service connection: typed, its password masked',
    endpoints: ENDPOINTS,
    scenario: { main: [{ op: 'endpoint', id: CONNECTION_ID }] },
    expect: (ci) =>
      ci === 'azure'
        ? {
            ok: true,
            variables: {},
            outputs: { endpointUser: 'AKIAENDPOINTUSER0001', endpointUrl: 'https://sts.amazonaws.com/' },
            state: {},
            secrets: [SECRETS.endpoint],
          }
        : { ok: true, variables: {}, outputs: { endpointUser: 'none', endpointUrl: 'none' }, state: {} },
  },
  {
    name: 'a user error fails with one line and its fix',
    scenario: {
      main: [
        { op: 'info', text: 'working' },
        {
          op: 'fail',
          kind: 'user',
          message: 'Input `role-to-assume` is required.',
          hint: 'Set `role-to-assume` in the step inputs.',
        },
      ],
    },
    expect: {
      ok: false,
      variables: {},
      outputs: {},
      state: {},
      error: ['Input `role-to-assume` is required.', 'Set `role-to-assume` in the step inputs.'],
      code: 'ContractUserError',
    },
  },
  {
    name: 'a failing tool fails the step with one line',
    scenario: { main: [{ op: 'exec', stdin: 'in', env: 'Access denied to repo', exit: 3 }] },
    expect: {
      ok: false,
      variables: {},
      outputs: {},
      state: {},
      error: ['failed with exit code 3: env:Access denied to repo'],
      code: 'ToolFailed',
    },
  },
  {
    name: 'a missing tool fails the step with one line and its fix',
    scenario: { main: [{ op: 'execMissing', tool: 'no-such-tool-akit' }] },
    expect: {
      ok: false,
      variables: {},
      outputs: {},
      state: {},
      error: ['`no-such-tool-akit` was not found on PATH.', 'Fix: Install no-such-tool-akit'],
      code: 'ToolNotFound',
    },
  },
  {
    name: 'an unexpected error fails with one line',
    scenario: { main: [{ op: 'fail', kind: 'plain', message: 'something broke' }] },
    expect: {
      ok: false,
      variables: {},
      outputs: {},
      state: {},
      error: ['something broke'],
      code: 'Internal',
    },
  },
];

export const expectationFor = (entry: ContractCase, ci: CiKind): Expectation =>
  typeof entry.expect === 'function' ? entry.expect(ci) : entry.expect;
