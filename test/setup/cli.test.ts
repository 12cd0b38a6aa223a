/**
 * `npm run setup` as a child process (scripts/setup.ts), its `twilio` requests answered by the
 * stand-in account (preloaded), answers typed on stdin: the files it writes, what it prints,
 * and --check's per-variable verdicts and exit code.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { flexAccount, sid, type FakeAccountState } from './fake-twilio-account.ts';
import { parseEnvFile } from '../../scripts/setup/config-files.ts';

const script = fileURLToPath(new URL('../../scripts/setup.ts', import.meta.url));
const preload = fileURLToPath(new URL('./fake-twilio-preload.ts', import.meta.url));
const tsx = fileURLToPath(import.meta.resolve('tsx'));

async function runSetup(options: {
  args?: string[];
  stdin?: string[];
  account: FakeAccountState;
  cwd: string;
  env?: Record<string, string>;
}) {
  const child = spawn(process.execPath, ['--import', tsx, '--import', preload, script, ...(options.args ?? [])], {
    cwd: options.cwd,
    env: { PATH: process.env.PATH ?? '', FAKE_TWILIO_ACCOUNT: JSON.stringify(options.account), ...options.env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stdin.end((options.stdin ?? []).map((line) => `${line}\n`).join(''));
  const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
  return { code, stdout, stderr };
}

function tempProject(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'fw-setup-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

test('interactive: asks for the credentials and which of two web chat addresses, writes .env and .dev.vars, prints the wrangler commands', async () => {
  const account = flexAccount();
  account.addresses.push({
    sid: sid('IG', 'c3'),
    type: 'web',
    friendly_name: 'Second site',
    address: 'web-2',
    auto_creation: { conversation_service_sid: sid('IS', 'f1') },
  });
  const { dir, cleanup } = tempProject();
  try {
    writeFileSync(join(dir, '.env'), '# my settings\nPORT=9000\nFLEX_ADDRESS_SID=ISwrong\n');
    const run = await runSetup({
      account,
      cwd: dir,
      stdin: [account.accountSid, account.authToken, '2', 'https://www.example.com, https://shop.example.com'],
    });
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.match(run.stdout, /Auth token \(typing is hidden\)/);
    assert.match(run.stdout, /several Flex web chat addresses\. Which one/);
    assert.match(run.stdout, new RegExp(`1\\) ${sid('IG', 'c1')}  Flex Web Channel`));
    assert.match(run.stdout, new RegExp(`2\\) ${sid('IG', 'c3')}  Second site`));
    assert.match(run.stdout, /✔ Signed in to "Acme Support"/);
    assert.match(run.stdout, /✔ Created API key SK/);
    assert.match(run.stdout, /^npx wrangler secret put TWILIO_API_KEY_SECRET$/m);
    assert.match(run.stdout, new RegExp(`^FLEX_ADDRESS_SID = "${sid('IG', 'c3')}"$`, 'm'));
    assert.ok(!run.stdout.includes(account.authToken), 'the auth token is never printed');

    const env = parseEnvFile(readFileSync(join(dir, '.env'), 'utf8'));
    assert.equal(env.PORT, '9000', 'other settings are kept');
    assert.equal(env.FLEX_ADDRESS_SID, sid('IG', 'c3'), 'replaced in place');
    assert.equal(env.CONVERSATIONS_SERVICE_SID, sid('IS', 'f1'));
    assert.equal(env.TWILIO_ACCOUNT_SID, account.accountSid);
    assert.match(env.TWILIO_API_KEY_SID ?? '', /^SK[0-9a-f]{32}$/);
    assert.ok((env.TWILIO_API_KEY_SECRET ?? '').length >= 16);
    assert.ok(!run.stdout.includes(env.TWILIO_API_KEY_SECRET!), 'the key secret goes to the files only');
    assert.equal(env.ALLOWED_ORIGINS, 'https://www.example.com, https://shop.example.com');
    assert.equal(env.TWILIO_AUTH_TOKEN, undefined, 'the auth token is not stored unless asked');
    const devVars = parseEnvFile(readFileSync(join(dir, '.dev.vars'), 'utf8'));
    assert.equal(devVars.TWILIO_API_KEY_SECRET, env.TWILIO_API_KEY_SECRET);

    // What setup wrote passes --check (the created key is on the account now).
    account.keys.push({ sid: env.TWILIO_API_KEY_SID!, secret: env.TWILIO_API_KEY_SECRET! });
    const check = await runSetup({ account, cwd: dir, args: ['--check'] });
    assert.equal(check.code, 0, check.stdout + check.stderr);
    assert.match(check.stdout, /✔ FLEX_ADDRESS_SID: /);
    assert.match(check.stdout, /The configuration is valid\./);
  } finally {
    cleanup();
  }
});

test('bad credentials: one line with Twilio 20003 explained, exit 1, no files', async () => {
  const account = flexAccount();
  const { dir, cleanup } = tempProject();
  try {
    const run = await runSetup({
      account,
      cwd: dir,
      args: ['--account-sid', account.accountSid, '--auth-token', 'not-the-token-0000000000'],
    });
    assert.equal(run.code, 1);
    assert.match(run.stderr, /✖ Twilio refused the account SID and auth token \(error 20003, "Authenticate"\)/);
    assert.throws(() => readFileSync(join(dir, '.env')));
  } finally {
    cleanup();
  }
});

test('several addresses and no answer on stdin: says to pass --address-sid, never picks one', async () => {
  const account = flexAccount();
  account.addresses.push({ sid: sid('IG', 'c3'), type: 'web', friendly_name: 'Second site', address: 'web-2' });
  const { dir, cleanup } = tempProject();
  try {
    const run = await runSetup({
      account,
      cwd: dir,
      env: { TWILIO_ACCOUNT_SID: account.accountSid, TWILIO_AUTH_TOKEN: account.authToken },
    });
    assert.equal(run.code, 1);
    assert.match(run.stderr, /none was chosen: pass --address-sid with one of them/);
    assert.throws(() => readFileSync(join(dir, '.env')));
  } finally {
    cleanup();
  }
});

test('--check with an IS… in FLEX_ADDRESS_SID and a bad origin: per-variable problems and fixes, exit 1', async () => {
  const account = flexAccount();
  const key = { sid: sid('SK', '77'), secret: 'the-key-secret-0123456789' };
  account.keys.push(key);
  const { dir, cleanup } = tempProject();
  try {
    writeFileSync(
      join(dir, '.env'),
      [
        `TWILIO_ACCOUNT_SID=${account.accountSid}`,
        `TWILIO_API_KEY_SID=${key.sid}`,
        `TWILIO_API_KEY_SECRET=${key.secret}`,
        `FLEX_ADDRESS_SID=${sid('IS', 'f1')}`,
        `CONVERSATIONS_SERVICE_SID=${sid('IS', 'f1')}`,
        'ALLOWED_ORIGINS=https://www.example.com/shop',
      ].join('\n'),
    );
    const run = await runSetup({ account, cwd: dir, args: ['--check'] });
    assert.equal(run.code, 1, run.stdout + run.stderr);
    assert.match(run.stdout, /✔ TWILIO_API_KEY_SID: /);
    assert.match(
      run.stdout,
      /✖ FLEX_ADDRESS_SID: is "IS[0-9a-f]{32}", a Conversations SERVICE SID \(IS…\); it must be the Flex web chat ADDRESS SID \(IG…\)/,
    );
    assert.match(run.stdout, new RegExp(`web chat address is: ${sid('IG', 'c1')}`));
    assert.match(run.stdout, /✔ CONVERSATIONS_SERVICE_SID: /);
    assert.match(run.stdout, /✖ ALLOWED_ORIGINS: has "https:\/\/www\.example\.com\/shop", which is not an origin/);
    assert.match(run.stdout, /2 problems\. Fix them in \.env/);
  } finally {
    cleanup();
  }
});

test('--region ie1: setup talks to Twilio in IE1, writes TWILIO_REGION, and --check reads it', async () => {
  const account = { ...flexAccount(), region: 'ie1' as const };
  const { dir, cleanup } = tempProject();
  const args = ['--account-sid', account.accountSid, '--auth-token', account.authToken];
  try {
    // Without the region, the IE1 account's credentials are refused in US1.
    const us1 = await runSetup({ account, cwd: dir, args: [...args, '--allowed-origins', 'https://www.example.com'] });
    assert.equal(us1.code, 1);
    assert.match(us1.stderr, /20003/);

    const run = await runSetup({
      account,
      cwd: dir,
      args: [...args, '--region', 'ie1', '--allowed-origins', 'https://www.example.com'],
    });
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.match(run.stdout, /^TWILIO_REGION = "ie1"$/m, 'the Workers [vars] carry the region');
    const env = parseEnvFile(readFileSync(join(dir, '.env'), 'utf8'));
    assert.equal(env.TWILIO_REGION, 'ie1');

    account.keys.push({ sid: env.TWILIO_API_KEY_SID!, secret: env.TWILIO_API_KEY_SECRET! });
    const check = await runSetup({ account, cwd: dir, args: ['--check'] });
    assert.equal(check.code, 0, check.stdout + check.stderr);
    assert.match(check.stdout, /\(Twilio region ie1\)/);
  } finally {
    cleanup();
  }
});
