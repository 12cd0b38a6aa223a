/**
 * Mounts a widget view in the test page the way the widget's page has it: the widget's own
 * stylesheets (widget/styles/*.css, served as they are: the browser nests natively), the view in a
 * `#app` box of a given size, a theme on <html>. Everything mounted is unmounted after each test.
 */
import { render, type ComponentChild } from 'preact';
import type { Theme } from '../../../contracts/host-protocol.ts';
import { applyTheme } from '../../../widget/ui/theme.ts';
// The chat view's English strings, as widget/ui/Chat.tsx adds them when the chat chunk loads.
import '../../../widget/i18n/chat-view-strings.ts';
import { afterEach } from './mocha.ts';

export interface MountOptions {
  /** The panel's size in CSS pixels (the loader's desktop panel by default). */
  width?: number;
  height?: number;
  theme?: Theme;
  /** The accent colour (data-color), as the loader passes it. */
  accent?: string;
}

/** The first paint's stylesheet and the chat view's (which its chunk adds: widget/ui/chat-styles.ts). */
const STYLESHEETS = ['/widget/styles/widget.css', '/widget/styles/chat.css'];

let stylesheets: Promise<void[]> | undefined;
function loadStylesheets(): Promise<void[]> {
  stylesheets ??= Promise.all(
    STYLESHEETS.map(
      (href) =>
        new Promise<void>((resolve, reject) => {
          const link = document.createElement('link');
          link.rel = 'stylesheet';
          link.href = href;
          link.onload = () => resolve();
          link.onerror = () => reject(new Error(`${href} did not load`));
          document.head.append(link);
        }),
    ),
  );
  return stylesheets;
}

const mounted: HTMLElement[] = [];

/** Renders `view` into a fresh `#app` box and resolves once the stylesheet applies. */
export async function mount(view: ComponentChild, options: MountOptions = {}): Promise<HTMLElement> {
  await loadStylesheets();
  document.documentElement.lang = 'en';
  applyTheme(document.documentElement, options.theme ?? 'light', options.accent);
  const app = document.createElement('div');
  app.id = 'app';
  app.style.width = `${options.width ?? 380}px`;
  app.style.height = `${options.height ?? 600}px`;
  document.body.append(app);
  mounted.push(app);
  render(view, app);
  await nextFrame();
  return app;
}

/** Resolves after the browser has rendered a frame (effects ran, layout and ResizeObservers settled). */
export function nextFrame(): Promise<void> {
  return new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve())));
}

afterEach(() => {
  for (const app of mounted.splice(0)) {
    render(null, app);
    app.remove();
  }
});
