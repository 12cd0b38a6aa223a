/** The server's configuration as the tests load it: TEST_ENV plus the variables under test. */
import { ConfigError, loadConfig } from '../../server/config.ts';
import { TEST_ENV } from '../../scripts/harness/servers.ts';

/** The refusal of TEST_ENV with `env` on top, or undefined when the configuration is accepted. */
export function configRefusal(env: Record<string, string | undefined>): ConfigError | undefined {
  try {
    loadConfig({ ...TEST_ENV, ...env });
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  return undefined;
}

/** The problems listed for TEST_ENV with `env` on top (none when it is accepted). */
export function configProblems(env: Record<string, string | undefined>): string[] {
  return configRefusal(env)?.problems ?? [];
}
