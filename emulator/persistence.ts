/** `--data FILE`: the state as JSON (snapshot.ts), loaded at start and written (atomically, debounced) after changes. */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { restoreSnapshot, takeSnapshot } from './snapshot.ts';
import type { EmulatorState } from './state.ts';
import type { SyncProjection } from './sync/projection.ts';

export class Persistence {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly file: string,
    private readonly state: EmulatorState,
    private readonly sync: SyncProjection,
    private readonly debounceMs = 100,
  ) {}

  /** Loads the file when it exists; returns whether it did. */
  load(): boolean {
    if (!existsSync(this.file)) return false;
    let data: unknown;
    try {
      data = JSON.parse(readFileSync(this.file, 'utf8'));
    } catch (error) {
      throw new Error(
        `Cannot read the emulator data file ${this.file}: ${(error as Error).message}. Delete it or pick another --data file.`,
      );
    }
    try {
      restoreSnapshot(this.state, this.sync, data);
    } catch (error) {
      throw new Error(
        `Cannot load the emulator data file ${this.file}: ${(error as Error).message}. Delete it or pick another --data file.`,
      );
    }
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
    writeFileSync(temporary, JSON.stringify(takeSnapshot(this.state, this.sync)));
    renameSync(temporary, this.file);
  }
}
