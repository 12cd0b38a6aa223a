/**
 * Terminal questions for `npm run setup`, on node:readline: plain answers, secrets typed without
 * echo (the output is muted while the visitor types), and numbered choices. Lines are queued as
 * they arrive, so answers piped on stdin are never lost between questions.
 */
import { createInterface, type Interface } from 'node:readline';
import { Writable, type Readable } from 'node:stream';

export class InputEnded extends Error {
  override name = 'InputEnded';
}

export class Prompter {
  private readonly lines: string[] = [];
  private waiting: ((line: string | undefined) => void) | undefined;
  private ended = false;
  private muted = false;
  private readonly rl: Interface;

  constructor(
    input: Readable,
    private readonly output: NodeJS.WritableStream,
  ) {
    // readline echoes what is typed through this stream; muted, the echo is dropped.
    const echo = new Writable({
      write: (chunk: Buffer, _encoding, callback) => {
        if (!this.muted) output.write(chunk);
        callback();
      },
    });
    this.rl = createInterface({ input, output: echo, terminal: Boolean((input as { isTTY?: boolean }).isTTY) });
    this.rl.on('line', (line) => this.deliver(line));
    this.rl.on('close', () => {
      this.ended = true;
      this.deliver(undefined);
    });
  }

  private deliver(line: string | undefined): void {
    const waiting = this.waiting;
    if (waiting) {
      this.waiting = undefined;
      waiting(line);
    } else if (line !== undefined) this.lines.push(line);
  }

  private nextLine(): Promise<string> {
    const queued = this.lines.shift();
    if (queued !== undefined) return Promise.resolve(queued);
    if (this.ended) return Promise.reject(new InputEnded('no more input'));
    return new Promise((resolve, reject) => {
      this.waiting = (line) => (line === undefined ? reject(new InputEnded('no more input')) : resolve(line));
    });
  }

  /** Asks until the answer is non-empty (or a default is given) and `validate` returns no problem. */
  async ask(
    question: string,
    options: { secret?: boolean; fallback?: string; validate?: (answer: string) => string | undefined } = {},
  ): Promise<string> {
    for (;;) {
      const suffix = options.fallback ? ` [${options.fallback}]` : '';
      this.output.write(`${question}${suffix}: `);
      this.muted = options.secret === true;
      let answer: string;
      try {
        answer = (await this.nextLine()).trim();
      } finally {
        if (this.muted) this.output.write('\n');
        this.muted = false;
      }
      if (answer === '' && options.fallback !== undefined) answer = options.fallback;
      if (answer === '') continue;
      const problem = options.validate?.(answer);
      if (problem === undefined) return answer;
      this.output.write(`  ${problem}\n`);
    }
  }

  /** Lists the options, numbered, and asks for one. */
  async choose<T>(question: string, options: T[], describe: (option: T) => string): Promise<T> {
    this.output.write(`${question}\n`);
    options.forEach((option, i) => this.output.write(`  ${i + 1}) ${describe(option)}\n`));
    const answer = await this.ask(`Choose 1-${options.length}`, {
      validate: (a) =>
        /^\d+$/.test(a) && Number(a) >= 1 && Number(a) <= options.length
          ? undefined
          : `Type a number from 1 to ${options.length}.`,
    });
    return options[Number(answer) - 1]!;
  }

  close(): void {
    this.rl.close();
  }
}
