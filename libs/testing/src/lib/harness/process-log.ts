import { createWriteStream, mkdirSync, WriteStream } from 'node:fs';
import { dirname } from 'node:path';
import { Readable } from 'node:stream';

/** Everything a child process prints, kept in memory and copied to a file (one per run). */
export class ProcessLog {
  private text = '';
  private file?: WriteStream;

  /** Starts copying to `path` (created with its folder), e.g. after a restart. */
  openFile(path: string): void {
    this.closeFile();
    mkdirSync(dirname(path), { recursive: true });
    this.file = createWriteStream(path, { flags: 'a' });
  }

  closeFile(): void {
    this.file?.end();
    this.file = undefined;
  }

  capture(stream: Readable | null): void {
    stream?.on('data', (chunk: Buffer) => this.append(chunk.toString('utf8')));
  }

  append(text: string): void {
    this.text += text;
    this.file?.write(text);
  }

  all(): string {
    return this.text;
  }

  lastLines(count: number): string {
    return this.text.trimEnd().split('\n').slice(-count).join('\n');
  }
}
