/** The console's live connection: the control API's event stream (the browser's EventSource reconnects by itself). */
import type { ControlEvent } from '../control-client.ts';

/** Returns the unsubscribe function. */
export function followEvents(
  onEvent: (event: ControlEvent) => void,
  onConnection: (open: boolean) => void,
): () => void {
  const source = new EventSource('/emulator/events');
  source.onopen = () => onConnection(true);
  source.onerror = () => onConnection(false);
  source.onmessage = (message: MessageEvent<string>) => {
    try {
      onEvent(JSON.parse(message.data) as ControlEvent);
    } catch {
      // ignore what we do not understand
    }
  };
  return () => source.close();
}
