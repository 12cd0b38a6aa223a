/**
 * Reads the WidgetConfig the server embedded as a non-executable JSON block. The server checked
 * every value strictly at start (contracts/widget-config.ts, `parseWidgetConfig`, through
 * server/config.ts) and wrote the result into this very page, with the code that reads it: the
 * widget trusts it and only fills what is absent with the defaults (no second parser in the first
 * paint). No block, or one that is not a JSON object, means the defaults.
 */
import { CONFIG_ELEMENT_ID, DEFAULT_WIDGET_CONFIG, type WidgetConfig } from '../contracts/widget-config.ts';
import { isRecord } from '../contracts/guards.ts';

export function readConfig(doc: Document = document): WidgetConfig {
  const text = doc.getElementById(CONFIG_ELEMENT_ID)?.textContent;
  if (!text) return DEFAULT_WIDGET_CONFIG;
  try {
    const parsed: unknown = JSON.parse(text);
    return isRecord(parsed)
      ? { ...DEFAULT_WIDGET_CONFIG, ...(parsed as Partial<WidgetConfig>) }
      : DEFAULT_WIDGET_CONFIG;
  } catch {
    return DEFAULT_WIDGET_CONFIG;
  }
}
