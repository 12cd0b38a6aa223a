/**
 * The optional sound of a new message (data-sound="true"): a short two-note chime synthesised with
 * Web Audio, no audio file. It rings only once the visitor has interacted with the widget itself
 * (the iframe's own sticky user activation: never before a gesture, and a click on the host page
 * does not count). A lazy chunk, loaded at the first message that may ring.
 */
let audio: AudioContext | undefined;

/** Two soft sine notes, a fifth apart, 0.35 s in all. */
const NOTES: readonly (readonly [frequency: number, start: number])[] = [
  [880, 0],
  [1320, 0.12],
];
const LENGTH_S = 0.35;
const VOLUME = 0.15;

export function chime(): void {
  if (!navigator.userActivation?.hasBeenActive) return;
  audio ??= new AudioContext();
  void audio.resume();
  const now = audio.currentTime;
  const envelope = audio.createGain();
  envelope.gain.setValueAtTime(0.0001, now);
  envelope.gain.exponentialRampToValueAtTime(VOLUME, now + 0.02);
  envelope.gain.exponentialRampToValueAtTime(0.0001, now + LENGTH_S);
  envelope.connect(audio.destination);
  for (const [frequency, start] of NOTES) {
    const tone = audio.createOscillator();
    tone.frequency.value = frequency;
    tone.connect(envelope);
    tone.start(now + start);
    tone.stop(now + LENGTH_S);
  }
}
