// Following a run: at most one request per second per page, each tick one request, and no
// more ticks once the tick says the run is final (or the page is left).

export const POLL_MS = 1000;

export class Poller {
  constructor(tick, onError) {
    this.tick = tick;
    this.onError = onError;
    this.stopped = false;
    this.timer = null;
  }

  start() {
    this.loop();
    return this;
  }

  async loop() {
    if (this.stopped) return;
    const started = performance.now();
    let again = true;
    try {
      again = await this.tick();
    } catch (error) {
      this.onError?.(error);
    }
    if (!again || this.stopped) return;
    const wait = Math.max(0, POLL_MS - (performance.now() - started));
    this.timer = setTimeout(() => this.loop(), wait);
  }

  stop() {
    this.stopped = true;
    clearTimeout(this.timer);
  }
}
