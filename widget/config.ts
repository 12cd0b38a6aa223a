/**
 * Reads the WidgetConfig the server embedded as a non-executable JSON block. The parser is the
 * contract's (contracts/widget-config.ts), used leniently: anything missing or malformed keeps
 * its default.
 */
import {
  CONFIG_ELEMENT_ID,
  DEFAULT_WIDGET_CONFIG,
  parseWidgetConfig,
  type WidgetConfig,
} from '../contracts/widget-config.ts';

export function readConfig(doc: Document = document): WidgetConfig {
  const text = doc.getElementById(CONFIG_ELEMENT_ID)?.textContent;
  if (!text) return DEFAULT_WIDGET_CONFIG;
  try {
    return parseWidgetConfig(JSON.parse(text)).config;
  } catch {
    return DEFAULT_WIDGET_CONFIG;
  }
}
