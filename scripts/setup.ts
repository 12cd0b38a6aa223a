/**
 * `npm run setup`: finds what the chat server needs on your Twilio account and writes it to
 * `.env` (Node) and `.dev.vars` (wrangler dev). `npm run setup -- --check` validates an
 * existing configuration against the account, per variable. `--help` lists the options.
 *
 * The account queries and decisions are in setup/account.ts; this file is the command line:
 * arguments, questions, files and output.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import twilio from 'twilio';
import {
  SetupError,
  regionOptions,
  checkConfiguration,
  checkCredentials,
  chooseAddress,
  chooseService,
  createApiKey,
  describeAddress,
  describeService,
  isWebChatAddress,
  listAddresses,
  listServices,
  type Choice,
  type TwilioClient,
  type VariableCheck,
} from './setup/account.ts';
import {
  localChecks,
  mergeEnvFile,
  parseEnvFile,
  workersInstructions,
  type SetupValues,
} from './setup/config-files.ts';
import { InputEnded, Prompter } from './setup/prompt.ts';
import { parseOrigin } from '../server/config.ts';
import { isTwilioRegion, TWILIO_REGIONS, type TwilioRegion } from '../contracts/twilio-regions.ts';

const HELP = `Usage: npm run setup [-- options]

Finds your Flex Conversations service (IS…) and Flex web chat address (IG…), creates an API key
for the server, and writes .env (Node) and .dev.vars (wrangler dev). Anything not given is asked.

  --account-sid AC…         Twilio account SID            (or TWILIO_ACCOUNT_SID)
  --auth-token TOKEN        its auth token, asked hidden  (or TWILIO_AUTH_TOKEN)
  --api-key-sid SK…         use this API key instead of creating one (or TWILIO_API_KEY_SID)
  --api-key-secret SECRET   its secret                    (or TWILIO_API_KEY_SECRET)
  --address-sid IG…         the Flex web chat address     (or FLEX_ADDRESS_SID)
  --service-sid IS…         the Flex Conversations service (or CONVERSATIONS_SERVICE_SID)
  --allowed-origins LIST    web sites that embed the chat, comma-separated (or ALLOWED_ORIGINS)
  --region us1|ie1|au1      the Twilio region of your Flex account (or TWILIO_REGION; default us1)
  --with-auth-token         also store the auth token (the WebChats call then uses it)
  --check                   validate an existing configuration against the account instead
  --env-file PATH           the configuration --check reads (default .env; values in the
                            environment win, as for the server)
  --help                    this text`;

const { values: args } = parseArgs({
  options: {
    'account-sid': { type: 'string' },
    'auth-token': { type: 'string' },
    'api-key-sid': { type: 'string' },
    'api-key-secret': { type: 'string' },
    'address-sid': { type: 'string' },
    'service-sid': { type: 'string' },
    'allowed-origins': { type: 'string' },
    region: { type: 'string' },
    'with-auth-token': { type: 'boolean', default: false },
    check: { type: 'boolean', default: false },
    'env-file': { type: 'string' },
    help: { type: 'boolean', default: false },
  },
  strict: true,
});

const env = process.env;
const out = (line = '') => process.stdout.write(`${line}\n`);
/** A `twilio` client for the account's region (its API keys only work there). */
const clientsIn =
  (region: TwilioRegion) =>
  (username: string, password: string, accountSid: string): TwilioClient =>
    twilio(username, password, { accountSid, ...regionOptions(region) });

function regionFrom(value: string | undefined): TwilioRegion {
  const region = (value ?? 'us1').trim().toLowerCase();
  if (!isTwilioRegion(region))
    throw new SetupError(`The region must be one of ${TWILIO_REGIONS.join(', ')} (got "${value}").`);
  return region;
}
const SID = (prefix: string) => (answer: string) =>
  new RegExp(`^${prefix}[0-9a-f]{32}$`).test(answer)
    ? undefined
    : `That is not a ${prefix}… SID ("${prefix}" + 32 hex characters).`;

async function main(): Promise<number> {
  if (args.help) {
    out(HELP);
    return 0;
  }
  return args.check ? check() : setup();
}

// ─── --check ────────────────────────────────────────────────────────────────────────────

async function check(): Promise<number> {
  const file = args['env-file'] ?? '.env';
  const fromFile = existsSync(file) ? parseEnvFile(readFileSync(file, 'utf8')) : {};
  if (!existsSync(file)) out(`(${file} not found: checking the environment only)`);
  const config: Record<string, string | undefined> = { ...fromFile, ...env };
  out(`Checking ${existsSync(file) ? file : 'the environment'} against your Twilio account…\n`);
  let region: TwilioRegion;
  try {
    region = regionFrom(args.region ?? config.TWILIO_REGION);
  } catch (error) {
    out(`✖ TWILIO_REGION: ${(error as Error).message}`);
    return 1;
  }
  if (region !== 'us1') out(`(Twilio region ${region})`);
  const twilioChecks = await checkConfiguration({ env: config, clientFor: clientsIn(region) });
  const checks: VariableCheck[] = [
    ...twilioChecks,
    ...localChecks(
      config,
      twilioChecks.map((c) => c.variable),
    ),
  ];
  for (const c of checks) out(`${c.ok ? '✔' : '✖'} ${c.variable}: ${c.message}`);
  const failed = checks.filter((c) => !c.ok).length;
  out(
    failed === 0
      ? '\nThe configuration is valid.'
      : `\n${failed} problem${failed === 1 ? '' : 's'}. Fix ${failed === 1 ? 'it' : 'them'} in ${file}, or run \`npm run setup\` to rewrite it.`,
  );
  return failed === 0 ? 0 : 1;
}

// ─── setup ──────────────────────────────────────────────────────────────────────────────

async function setup(): Promise<number> {
  const prompt = new Prompter(process.stdin, process.stdout);
  try {
    const accountSid =
      args['account-sid'] ??
      env.TWILIO_ACCOUNT_SID ??
      (await prompt.ask('Twilio account SID (AC…)', { validate: SID('AC') }));
    if (SID('AC')(accountSid))
      throw new SetupError(`"${accountSid}" is not an account SID: "AC" + 32 hex characters (Console home page).`);
    const authToken =
      args['auth-token'] ??
      env.TWILIO_AUTH_TOKEN ??
      (await prompt.ask('Auth token (typing is hidden)', { secret: true }));

    const region = regionFrom(args.region ?? env.TWILIO_REGION);
    const clientFor = clientsIn(region);
    const client = clientFor(accountSid, authToken, accountSid);
    const name = await checkCredentials(client, accountSid, 'the account SID and auth token');
    out(`✔ Signed in to "${name}" (${accountSid}).`);

    const [addresses, services] = await Promise.all([listAddresses(client), listServices(client)]);
    const address = await pick(
      'FLEX_ADDRESS_SID',
      args['address-sid'] ?? env.FLEX_ADDRESS_SID,
      chooseAddress(addresses),
      prompt,
      describeAddress,
      (sid) => {
        if (sid.startsWith('IS'))
          return `${sid} is a Conversations SERVICE SID (IS…); the web chat ADDRESS SID starts with IG.`;
        const found = addresses.find((a) => a.sid === sid);
        if (!found) return `${sid} is not an address on this account.`;
        if (!isWebChatAddress(found)) return `${sid} is an address of type "${found.type}", not a web chat address.`;
        return undefined;
      },
      (sid) => addresses.find((a) => a.sid === sid)!,
    );
    out(`✔ Flex web chat address: ${address.sid}`);

    const service = await pick(
      'CONVERSATIONS_SERVICE_SID',
      args['service-sid'] ?? env.CONVERSATIONS_SERVICE_SID,
      chooseService(services, address),
      prompt,
      describeService,
      (sid) => {
        if (sid.startsWith('IG'))
          return `${sid} is an ADDRESS SID (IG…); the Conversations SERVICE SID starts with IS.`;
        if (!services.some((s) => s.sid === sid)) return `${sid} is not a Conversations service on this account.`;
        if (address.serviceSid && address.serviceSid !== sid)
          return `${sid} is not the service ${address.sid} creates conversations in (${address.serviceSid}).`;
        return undefined;
      },
      (sid) => services.find((s) => s.sid === sid)!,
    );
    out(`✔ Flex Conversations service: ${service.sid}`);

    let key: { sid: string; secret: string };
    const givenKey = args['api-key-sid'] ?? env.TWILIO_API_KEY_SID;
    if (givenKey) {
      const secret =
        args['api-key-secret'] ??
        env.TWILIO_API_KEY_SECRET ??
        (await prompt.ask(`Secret of ${givenKey} (typing is hidden)`, { secret: true }));
      await checkCredentials(
        clientFor(givenKey, secret, accountSid),
        accountSid,
        `the API key ${givenKey} and its secret`,
      );
      key = { sid: givenKey, secret };
      out(`✔ API key ${givenKey} works.`);
    } else {
      key = await createApiKey(client, `Flex Webchat server (${new Date().toISOString().slice(0, 10)})`);
      out(`✔ Created API key ${key.sid} for the server (its secret is written below, and shown nowhere else).`);
    }

    const allowedOrigins =
      args['allowed-origins'] ??
      env.ALLOWED_ORIGINS ??
      (await prompt.ask('Web sites that will embed the chat (origins, comma-separated)', {
        fallback: 'http://localhost:3000',
        validate: originsProblem,
      }));
    const originProblem = originsProblem(allowedOrigins);
    if (originProblem) throw new SetupError(`ALLOWED_ORIGINS: ${originProblem}`);

    const values: SetupValues = {
      TWILIO_ACCOUNT_SID: accountSid,
      TWILIO_API_KEY_SID: key.sid,
      TWILIO_API_KEY_SECRET: key.secret,
      FLEX_ADDRESS_SID: address.sid,
      CONVERSATIONS_SERVICE_SID: service.sid,
      ALLOWED_ORIGINS: allowedOrigins,
      ...(region !== 'us1' && { TWILIO_REGION: region }),
      ...(args['with-auth-token'] && { TWILIO_AUTH_TOKEN: authToken }),
    };
    const header = `Written by npm run setup on ${new Date().toISOString().slice(0, 10)}`;
    for (const file of ['.env', '.dev.vars']) {
      const path = join(process.cwd(), file);
      const existing = existsSync(path) ? readFileSync(path, 'utf8') : '';
      writeFileSync(path, mergeEnvFile(existing, { ...values }, header), { mode: 0o600 });
    }
    out('\n✔ Wrote .env (npm run server) and .dev.vars (wrangler dev); both are git-ignored.\n');
    out(workersInstructions(values));
    out('\nCheck it any time with: npm run setup -- --check');
    return 0;
  } finally {
    prompt.close();
  }
}

function originsProblem(list: string): string | undefined {
  const bad = list
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '' && parseOrigin(s) === undefined);
  if (list.split(',').every((s) => s.trim() === '')) return 'Give at least one origin, e.g. https://www.example.com.';
  return bad.length
    ? `${bad.join(', ')} ${bad.length === 1 ? 'is not an origin' : 'are not origins'} (scheme://host[:port], no path).`
    : undefined;
}

/** A value given on the command line (checked), found on the account, or chosen by the user. */
async function pick<T>(
  variable: string,
  given: string | undefined,
  choice: Choice<T>,
  prompt: Prompter,
  describe: (option: T) => string,
  problemWith: (sid: string) => string | undefined,
  lookUp: (sid: string) => T,
): Promise<T> {
  if (given) {
    const problem = problemWith(given);
    if (problem) throw new SetupError(`${variable}: ${problem}`);
    return lookUp(given);
  }
  if (choice.kind === 'found') return choice.value;
  if (choice.kind === 'none') throw new SetupError(choice.message);
  try {
    return await prompt.choose(choice.question, choice.options, describe);
  } catch (error) {
    if (error instanceof InputEnded) {
      throw new SetupError(
        `${choice.question} Several were found and none was chosen: pass ${variable === 'FLEX_ADDRESS_SID' ? '--address-sid' : '--service-sid'} with one of them.`,
      );
    }
    throw error;
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof SetupError) console.error(`✖ ${error.message}`);
    else if (error instanceof InputEnded)
      console.error('✖ Input ended before every question was answered; pass the values as options (see --help).');
    else console.error(error);
    process.exit(1);
  },
);
