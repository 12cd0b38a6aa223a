/**
 * Short untrusted text shown to a person (file names, author and participant names): without the
 * Unicode direction controls that could make it read as something else — `invoice\u202Efdp.exe`
 * would otherwise show as "invoiceexe.pdf". Used by the widget and the emulator's agent console.
 * Message bodies are not short text: a direction mark can be legitimate there, and they are
 * shown as paragraphs of their own.
 */

/**
 * The explicit direction formatting characters: LRE, RLE, PDF, LRO, RLO (U+202A–U+202E),
 * LRI, RLI, FSI, PDI (U+2066–U+2069), LRM, RLM (U+200E, U+200F) and ALM (U+061C).
 */
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/g;

/** The text without direction controls (every other character kept as it is). */
export function withoutBidiControls(text: string): string {
  return text.replace(BIDI_CONTROLS, '');
}
