/**
 * Runs tasks with a common key one after another (others run freely). Webhook deliveries about one
 * record are handled in arrival order, so a later delivery's fresher state is never published
 * before an earlier delivery's older one. A task with several keys waits for each of them, and
 * each waits for it.
 */
export class KeyedSerializer {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(keys: string | readonly string[], task: () => Promise<T>): Promise<T> {
    const all = [...new Set(typeof keys === 'string' ? [keys] : keys)];
    const previous = Promise.all(all.map((key) => this.tails.get(key)?.catch(() => undefined)));
    const result = previous.then(task);
    const tail = result.catch(() => undefined);
    for (const key of all) this.tails.set(key, tail);
    void tail.then(() => {
      for (const key of all) if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }
}
