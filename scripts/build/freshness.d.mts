export interface InputState {
  files: string[];
  newest: number;
}
/** The build's input files now (relative to root) and their newest modification time. */
export function inputState(root: string): InputState;
/** Whether the last successful build started after every input's last change, with the same input files. */
export function buildIsFresh(root: string, state?: InputState): boolean;
/** Before a build: forget the last one. */
export function forgetBuild(root: string): void;
/** After a successful build that started at `startedAt` (ms since the epoch) with these inputs. */
export function recordBuild(root: string, state: InputState, startedAt: number): void;
