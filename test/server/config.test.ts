import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, loadConfig } from '../../server/config.ts';
import { TEST_ENV } from '../../scripts/harness/servers.ts';

const valid = { ...TEST_ENV, ALLOWED_ORIGINS: 'https://www.example.com, http://localhost:3000' };

test('a valid environment gives the documented defaults', () => {
  const config = loadConfig(valid);
  assert.equal(config.tokenTtlSeconds, 3600);
  assert.equal(config.resumeWindowSeconds, 86400);
  assert.equal(config.chatFriendlyName, 'Webchat');
  assert.equal(config.welcomeAuthor, 'Concierge');
  assert.equal(config.welcomeMessage, 'Welcome {name}! An agent will be with you in just a moment.');
  assert.equal(config.flexApiUrl, 'https://flex-api.twilio.com');
  assert.equal(config.conversationsApiUrl, 'https://conversations.twilio.com');
  assert.equal(config.rateLimitInitPerMinute, 10);
  assert.equal(config.rateLimitTokenPerMinute, 60);
  assert.deepEqual(config.allowedOrigins, ['https://www.example.com', 'http://localhost:3000']);
  assert.equal(config.authToken, undefined);
  assert.equal(config.port, 8787);
  assert.equal(config.host, '0.0.0.0');
});

test('PORT and HOST: where the Node server listens', () => {
  assert.equal(loadConfig({ ...valid, PORT: '3001' }).port, 3001);
  assert.equal(loadConfig({ ...valid, PORT: '0' }).port, 0, 'any free port');
  for (const host of ['127.0.0.1', 'localhost', 'chat.internal', '::', '::1', 'fe80::1', '::ffff:127.0.0.1']) {
    assert.equal(loadConfig({ ...valid, HOST: host }).host, host);
  }
});

test('a bad PORT or HOST is listed with the other problems, by name', () => {
  for (const port of ['80a', '-1', '65536', '3.5', 'http']) {
    assert.throws(
      () => loadConfig({ ...valid, PORT: port }),
      new RegExp(`PORT must be a whole number from 0 to 65535 \\(got "${port}"\\)`),
    );
  }
  for (const host of ['http://localhost', 'localhost:8787', '[::1]', 'exa mple.com', '-bad.example', 'a/b']) {
    assert.throws(
      () => loadConfig({ ...valid, HOST: host }),
      (error: unknown) => error instanceof ConfigError && error.variables.includes('HOST'),
      host,
    );
  }
  try {
    loadConfig({ ...valid, TWILIO_ACCOUNT_SID: '', PORT: 'eighty', HOST: 'https://0.0.0.0' });
    assert.fail('expected a ConfigError');
  } catch (error) {
    assert.ok(error instanceof ConfigError);
    assert.deepEqual(error.variables.sort(), ['HOST', 'PORT', 'TWILIO_ACCOUNT_SID']);
  }
});

test('an empty WELCOME_MESSAGE means no welcome message', () => {
  assert.equal(loadConfig({ ...valid, WELCOME_MESSAGE: '' }).welcomeMessage, '');
});

test('every problem is listed by variable name at once', () => {
  try {
    loadConfig({ TOKEN_TTL_SECONDS: '90000', ALLOWED_ORIGINS: 'https://ok.example, https://bad.example/path' });
    assert.fail('expected a ConfigError');
  } catch (error) {
    assert.ok(error instanceof ConfigError);
    const text = error.problems.join('\n');
    for (const name of [
      'TWILIO_ACCOUNT_SID',
      'TWILIO_API_KEY_SID',
      'TWILIO_API_KEY_SECRET',
      'FLEX_ADDRESS_SID',
      'CONVERSATIONS_SERVICE_SID',
      'TOKEN_TTL_SECONDS',
    ]) {
      assert.match(text, new RegExp(name), `${name} is named`);
    }
    assert.match(text, /ALLOWED_ORIGINS has "https:\/\/bad\.example\/path"/);
    assert.equal(error.problems.length, 7);
  }
});

test('SID prefixes are checked', () => {
  assert.throws(
    () => loadConfig({ ...valid, TWILIO_API_KEY_SID: 'AC' + '1'.repeat(32) }),
    /TWILIO_API_KEY_SID must be an API key SID/,
  );
  assert.throws(
    () => loadConfig({ ...valid, CONVERSATIONS_SERVICE_SID: 'IG' + '1'.repeat(32) }),
    /CONVERSATIONS_SERVICE_SID/,
  );
});

test('a service SID in FLEX_ADDRESS_SID gets an explanation of the difference', () => {
  assert.throws(
    () => loadConfig({ ...valid, FLEX_ADDRESS_SID: 'IS' + '3'.repeat(32) }),
    (error: unknown) =>
      error instanceof ConfigError &&
      error.message.includes('Conversations service SID (IS…)') &&
      error.message.includes('ADDRESS SID (IG…)') &&
      error.message.includes('CONVERSATIONS_SERVICE_SID'),
  );
});

test('PUBLIC_URL is required on Node with NODE_ENV=production; not in development, not on Workers', () => {
  assert.throws(
    () => loadConfig({ ...valid, NODE_ENV: 'production' }, { runtime: 'node' }),
    (error: unknown) =>
      error instanceof ConfigError && error.variables.includes('PUBLIC_URL') && error.message.includes('Host header'),
  );
  assert.equal(
    loadConfig({ ...valid, NODE_ENV: 'production', PUBLIC_URL: 'https://chat.example.com' }, { runtime: 'node' })
      .publicUrl,
    'https://chat.example.com',
  );
  assert.equal(loadConfig({ ...valid, NODE_ENV: 'development' }, { runtime: 'node' }).publicUrl, undefined);
  assert.equal(loadConfig(valid, { runtime: 'node' }).publicUrl, undefined);
  assert.equal(
    loadConfig({ ...valid, NODE_ENV: 'production' }, { runtime: 'workers' }).publicUrl,
    undefined,
    'Workers route by host',
  );
});

test('ATTACHMENTS=false turns the widget’s attachments off (a Flex account without media); anything but true/false stops the server', () => {
  assert.equal(loadConfig(valid).widget.attachments.enabled, true);
  assert.equal(loadConfig({ ...valid, ATTACHMENTS: 'false' }).widget.attachments.enabled, false);
  assert.equal(loadConfig({ ...valid, ATTACHMENTS: 'TRUE' }).widget.attachments.enabled, true);
  assert.throws(
    () => loadConfig({ ...valid, ATTACHMENTS: 'off' }),
    (error: unknown) =>
      error instanceof ConfigError && error.message.includes('ATTACHMENTS must be true or false (got "off")'),
  );
});

test('the post-chat survey: on with FEEDBACK_WEBHOOK_URL and its secret, off without or with POST_CHAT_SURVEY=false', () => {
  const secret = 'f'.repeat(32);
  const on = loadConfig({
    ...valid,
    FEEDBACK_WEBHOOK_URL: 'https://hooks.example.com/feedback',
    FEEDBACK_WEBHOOK_SECRET: secret,
  });
  assert.deepEqual(on.feedback, { url: 'https://hooks.example.com/feedback', secret });
  assert.equal(on.widget.postChatSurvey, true, 'the widget is told to show the survey');
  const off = loadConfig(valid);
  assert.equal(off.feedback, undefined);
  assert.equal(off.widget.postChatSurvey, undefined);
  const switchedOff = loadConfig({
    ...valid,
    FEEDBACK_WEBHOOK_URL: 'http://localhost:9000/hook',
    FEEDBACK_WEBHOOK_SECRET: secret,
    POST_CHAT_SURVEY: 'false',
  });
  assert.equal(switchedOff.feedback, undefined);
  assert.equal(switchedOff.widget.postChatSurvey, undefined);
});

test('the survey variables are checked at start, by name, without showing the secret', () => {
  const problemsOf = (env: Record<string, string>): string[] => {
    try {
      loadConfig({ ...valid, ...env });
    } catch (error) {
      if (error instanceof ConfigError) return error.problems;
      throw error;
    }
    return [];
  };
  const secret = 's'.repeat(32);
  assert.match(
    problemsOf({ FEEDBACK_WEBHOOK_URL: 'ftp://x.example', FEEDBACK_WEBHOOK_SECRET: secret }).join(),
    /^FEEDBACK_WEBHOOK_URL must be an http\(s\) URL/,
  );
  assert.match(
    problemsOf({ FEEDBACK_WEBHOOK_URL: 'not a url', FEEDBACK_WEBHOOK_SECRET: secret }).join(),
    /FEEDBACK_WEBHOOK_URL/,
  );
  assert.match(
    problemsOf({ FEEDBACK_WEBHOOK_URL: 'https://x.example/h' }).join(),
    /^FEEDBACK_WEBHOOK_SECRET is required/,
  );
  const short = problemsOf({
    FEEDBACK_WEBHOOK_URL: 'https://x.example/h',
    FEEDBACK_WEBHOOK_SECRET: 'short-secret-31-characters-long',
  });
  assert.match(short.join(), /^FEEDBACK_WEBHOOK_SECRET must be at least 32 characters \(got 31\)/);
  assert.ok(!short.join().includes('short-secret'), 'the secret is never repeated');
  assert.match(
    problemsOf({ FEEDBACK_WEBHOOK_SECRET: secret }).join(),
    /^FEEDBACK_WEBHOOK_SECRET is set without FEEDBACK_WEBHOOK_URL/,
  );
  assert.match(
    problemsOf({ POST_CHAT_SURVEY: 'true' }).join(),
    /^POST_CHAT_SURVEY is on, but FEEDBACK_WEBHOOK_URL is not set/,
  );
  assert.match(problemsOf({ POST_CHAT_SURVEY: 'maybe' }).join(), /^POST_CHAT_SURVEY must be true or false/);
  assert.deepEqual(problemsOf({ POST_CHAT_SURVEY: 'false' }), [], 'off without a webhook is fine');
});
