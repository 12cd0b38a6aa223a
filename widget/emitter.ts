/**
 * The widget's one typed event emitter: `Events` maps each event name to its payload.
 * Used by the host channel (host messages by type) and the chat session (SDK events).
 * The loader keeps its own few lines, for its size budget.
 */
export interface Emitter<Events> {
  /** Subscribes; returns the function that unsubscribes. */
  on: <K extends keyof Events>(event: K, handler: (payload: Events[K]) => void) => () => void;
  emit: <K extends keyof Events>(event: K, payload: Events[K]) => void;
  /** Drops every handler. */
  clear: () => void;
}

export function createEmitter<Events>(): Emitter<Events> {
  const handlers = new Map<keyof Events, Set<(payload: never) => void>>();
  return {
    on: (event, handler) => {
      const set = handlers.get(event) ?? new Set();
      handlers.set(event, set);
      set.add(handler);
      return () => {
        set.delete(handler);
      };
    },
    emit: (event, payload) => {
      for (const handler of handlers.get(event) ?? []) (handler as (p: typeof payload) => void)(payload);
    },
    clear: () => handlers.clear(),
  };
}
