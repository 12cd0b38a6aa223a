// A bot that answers visitors through Twilio's REST API, on the emulator or on Twilio (docs/emulator.md).
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import twilio from 'twilio';

const { TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN = '', CONVERSATIONS_API_URL, PORT = '3100' } = process.env;
const client = twilio(TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN);
if (CONVERSATIONS_API_URL) client.conversations.baseUrl = CONVERSATIONS_API_URL; // e.g. the emulator

async function answer(request: IncomingMessage, response: ServerResponse): Promise<void> {
  let body = '';
  for await (const chunk of request) body += String(chunk);
  const params = Object.fromEntries(new URLSearchParams(body));
  const signature = String(request.headers['x-twilio-signature']);
  const url = `http://${request.headers.host}${request.url}`; // behind a proxy: your public URL
  if (!twilio.validateRequest(TWILIO_AUTH_TOKEN, signature, url, params)) return void response.writeHead(403).end();
  response.end();
  if (params.EventType !== 'onMessageAdded' || params.Author === 'bot') return;
  const messages = client.conversations.v1.conversations(params.ConversationSid ?? '').messages;
  await messages.create({ author: 'bot', body: `You said: ${params.Body}` });
}

const bot = createServer((request, response) => void answer(request, response).catch(console.error));
bot.listen(Number(PORT), () => console.log(`bot on http://localhost:${(bot.address() as AddressInfo).port}/`));
