// Positions per channel and recovery after a reconnect (docs/CLUSTER.md "Recovery after a reconnect"): the last
// `{epoch, offset}` delivered on each channel, the channel's frames held while a `recover` is answered, and their
// release in offset order, each offset once.

/** Frames held per channel while a recovery runs; beyond it the client gives up and reports recovered:false. */
export const MAX_HELD_FRAMES = 10000;
/** Milliseconds a recovery waits for its closing frame (an error frame has none) before giving up the same way. */
export const RECOVER_TIMEOUT_MS = 10000;

export class ChannelRecovery {
  /**
   * @param onRecovery called with `{channel, recovered, epoch, offset}` when a recovery from a known position ends
   *        (recovered:false: the page must reload the channel's state) or is given up (cap, timeout)
   * @param deliver called with each frame released by a timeout (the other releases are returned)
   * @param options `maxHeld` frames held per channel at most, `timeout` ms to wait for a closing frame
   */
  constructor(onRecovery, deliver, { maxHeld = MAX_HELD_FRAMES, timeout = RECOVER_TIMEOUT_MS } = {}) {
    this.onRecovery = onRecovery;
    this.deliver = deliver;
    this.maxHeld = maxHeld;
    this.timeout = timeout;
    this.positions = new Map(); // channel -> {epoch, offset}: the last delivered
    // channel -> {links: Set, held: Map(offset -> message), from: position or undefined, epoch: of the last held, timer}
    this.recoveries = new Map();
  }

  /** The last delivered position of `channel`, or undefined. */
  position(channel) {
    return this.positions.get(channel);
  }

  /** True while `channel`'s frames are held for a recovery. */
  recovering(channel) {
    return this.recoveries.has(channel);
  }

  /** `link` sends `recover` for `channel` now: its frames with a position are held until the closing frame. */
  begin(channel, link) {
    let recovery = this.recoveries.get(channel);
    if (!recovery) {
      recovery = { links: new Set(), held: new Map(), from: this.positions.get(channel), epoch: undefined, timer: null };
      this.recoveries.set(channel, recovery);
    }
    recovery.links.add(link);
    clearTimeout(recovery.timer);
    recovery.timer = setTimeout(() => {
      if (this.recoveries.get(channel) === recovery) {
        this.giveUp(channel, recovery).forEach((message) => this.deliver(message));
      }
    }, this.timeout);
  }

  /**
   * A channel frame carrying `epoch` and `offset`: returns the frames to deliver now, in order (none while held, none
   * for an offset already delivered).
   */
  accept(message) {
    const channel = message.pipe;
    const recovery = this.recoveries.get(channel);
    if (recovery) {
      if (recovery.held.has(message.offset) && recovery.held.get(message.offset).epoch === message.epoch) {
        return []; // the same publication again (recovered and live): the first copy stays
      }
      recovery.held.set(message.offset, message);
      recovery.epoch = message.epoch;
      return recovery.held.size > this.maxHeld ? this.giveUp(channel, recovery) : [];
    }
    const last = this.positions.get(channel);
    if (last && last.epoch === message.epoch && message.offset <= last.offset) {
      return []; // already delivered (a recovered copy, or a second node's copy)
    }
    // A new epoch means the channel's history was reset: its offsets start again.
    this.positions.set(channel, { epoch: message.epoch, offset: message.offset });
    return [message];
  }

  /**
   * The `_recovery` closing frame `{channel, epoch, offset, recovered}`: adopts the position and returns the held
   * frames of that epoch above the last delivered offset, in offset order.
   */
  closed(data, link) {
    const channel = data && data.channel;
    const recovery = this.recoveries.get(channel);
    if (!recovery || !recovery.links.has(link) || typeof data.epoch !== "string" || typeof data.offset !== "number") {
      return []; // not ours to wait for (given up, unsubscribed, or a malformed frame)
    }
    recovery.links.delete(link);
    if (recovery.links.size > 0) {
      return []; // another node's answer is still due: keep holding
    }
    this.end(channel, recovery);
    if (data.epoch === "") {
      // No epoch: the channel keeps no history (now), so there is no position to remember.
      this.positions.delete(channel);
      if (recovery.from) {
        this.report(channel, data.recovered === true, data); // its history was switched off since
      }
      return this.releasable(channel, recovery, recovery.epoch);
    }
    const last = this.positions.get(channel);
    const released = this.releasable(channel, recovery, data.epoch);
    let offset = released.length > 0 ? Math.max(data.offset, released[released.length - 1].offset) : data.offset;
    if (last && last.epoch === data.epoch) {
      offset = Math.max(offset, last.offset); // a server answering from a lagging history replica never moves us back
    }
    this.positions.set(channel, { epoch: data.epoch, offset });
    if (recovery.from) {
      // A first subscription only learns the position: there was nothing to lose, so nothing to report.
      this.report(channel, data.recovered === true, this.positions.get(channel));
    }
    return released;
  }

  /**
   * `link` closed: its recoveries will never be answered. The held frames are dropped, not delivered (delivering them
   * would move the position past the gap the next `recover` fills).
   */
  linkLost(link) {
    for (const [channel, recovery] of this.recoveries) {
      recovery.links.delete(link);
      if (recovery.links.size === 0) {
        this.end(channel, recovery);
      }
    }
  }

  /** Ends every recovery (the client stops); positions stay for the next start. */
  clear() {
    for (const [channel, recovery] of this.recoveries) {
      this.end(channel, recovery);
    }
  }

  /** Forgets positions and recoveries of channels no longer subscribed. */
  retain(channels) {
    const kept = new Set(channels);
    for (const channel of [...this.positions.keys()]) {
      if (!kept.has(channel)) {
        this.positions.delete(channel);
      }
    }
    for (const [channel, recovery] of [...this.recoveries]) {
      if (!kept.has(channel)) {
        this.end(channel, recovery);
      }
    }
  }

  /**
   * Too many frames held, or no closing frame in time: delivers the held frames of the latest epoch in offset order
   * and reports recovered:false, since what the server still owes is lost or would exceed the bound too.
   */
  giveUp(channel, recovery) {
    this.end(channel, recovery);
    const released = this.releasable(channel, recovery, recovery.epoch);
    if (released.length > 0) {
      this.positions.set(channel, { epoch: recovery.epoch, offset: released[released.length - 1].offset });
    }
    const position = this.positions.get(channel);
    if (position && (recovery.from || released.length > 0)) {
      this.report(channel, false, position);
    }
    return released;
  }

  /** The held frames of `epoch` not delivered yet, in offset order; frames of another epoch are stale. */
  releasable(channel, recovery, epoch) {
    const last = this.positions.get(channel);
    const above = last && last.epoch === epoch ? last.offset : -Infinity;
    return [...recovery.held.values()]
      .filter((message) => message.epoch === epoch && message.offset > above)
      .sort((a, b) => a.offset - b.offset);
  }

  end(channel, recovery) {
    clearTimeout(recovery.timer);
    this.recoveries.delete(channel);
  }

  report(channel, recovered, position) {
    this.onRecovery({ channel, recovered, epoch: position.epoch, offset: position.offset });
  }
}
