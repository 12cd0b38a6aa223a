/**
 * The emulator's HTTP routes as one Hono app: media (/mcs/), Twilio REST (/flex-api/,
 * /conversations/v1/), the control API (/emulator/), the agent console (/agent) and the index.
 * The Twilsock WebSocket upgrade is handled next to it, on the same node:http server (index.ts).
 */
import { Hono } from 'hono';
import { createControlApp, type ControlDependencies } from '../control/control-app.ts';
import { createMediaApp, type MediaHttpDependencies } from '../media/media-app.ts';
import { createRestApp, type RestDependencies } from '../rest/rest-app.ts';
import { twilioError } from '../twilio-errors.ts';
import { createAgentConsoleApp } from './agent-console-app.ts';
import { createErrorHandler } from './errors.ts';
import { hostCheck } from './host-check.ts';
import { json } from './json.ts';

export type EmulatorHttpDependencies = RestDependencies &
  MediaHttpDependencies &
  ControlDependencies & {
    /** The `Host` names answered (host-check.ts); any other gets 403. */
    allowedHosts: ReadonlySet<string>;
    log?: (line: string) => void;
  };

export function createEmulatorHttpApp(deps: EmulatorHttpDependencies): Hono {
  const app = new Hono();
  app.use('*', hostCheck(deps.allowedHosts));
  app.route('/', createMediaApp(deps));
  app.route('/', createRestApp(deps));
  app.route('/', createControlApp(deps));
  app.route('/', createAgentConsoleApp());
  app.all('/health', (c) => json(c, 200, { status: 'ok' }));
  app.all('/', (c) =>
    json(c, 200, {
      name: 'Flex Conversations emulator',
      twilsock: '/twilsock',
      agentConsole: '/agent',
      controlApi: '/emulator/conversations',
      docs: 'docs/emulator.md',
    }),
  );
  app.notFound((c) => json(c, 404, twilioError(404, 20404, `The requested resource ${c.req.path} was not found`)));
  app.onError(createErrorHandler(deps.log));
  return app;
}
