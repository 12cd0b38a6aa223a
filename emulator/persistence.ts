/** `--data FILE`: the state as JSON, loaded at start and written (atomically, debounced) after changes. */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { EmulatorState, SerializedState } from './state.ts';

export class Persistence {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly file: string,
    private readonly state: EmulatorState,
    private readonly debounceMs = 100,
  ) {}

  /** Loads the file when it exists; returns whether it did. */
  load(): boolean {
    if (!existsSync(this.file)) return false;
    let data: SerializedState;
    try {
      data = JSON.parse(readFileSync(this.file, 'utf8')) as SerializedState;
    } catch (error) {
      throw new Error(`Cannot read the emulator data file ${this.file}: ${(error as Error).message}. Delete it or pick another --data file.`);
    }
    if (data.version !== 1) throw new Error(`${this.file} was written by another version of the emulator (version ${String(data.version)}).`);
    this.state.load(data);
    return true;
  }

  scheduleSave(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.save();
    }, this.debounceMs);
  }

  save(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    mkdirSync(dirname(this.file), { recursive: true });
    const temporary = `${this.file}.${process.pid}.tmp`;
    writeFileSync(temporary, JSON.stringify(this.state.toJSON()));
    renameSync(temporary, this.file);
  }
}
