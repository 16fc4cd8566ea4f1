// Reconnect delays: exponential growth, capped, with "equal jitter" so that a restarted server is not hit by every
// client at the same instant while no client retries sooner than half the nominal delay.

export class Backoff {
  constructor({ initialDelay = 500, maxDelay = 30000, random = Math.random } = {}) {
    this.initialDelay = Math.max(1, initialDelay);
    this.maxDelay = Math.max(this.initialDelay, maxDelay);
    this.random = random;
    this.attempt = 0;
  }

  /** Delay in ms before the next attempt; each call doubles the nominal delay up to maxDelay. */
  next() {
    const nominal = Math.min(this.maxDelay, this.initialDelay * Math.pow(2, Math.min(this.attempt, 30)));
    this.attempt++;
    return Math.round(nominal / 2 + this.random() * (nominal / 2));
  }

  /** Called once a connection has proved healthy (the server greeted it). */
  reset() {
    this.attempt = 0;
  }
}
