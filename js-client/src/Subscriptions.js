// The page's callbacks by subscription name, and the pipe list the server must know about.

import { isLocalPipe, parseSubscriptionName } from "./protocol/names.js";

export class Subscriptions {
  constructor() {
    this.byId = new Map(); // id -> {pipe, event, callback}
    this.byPipe = new Map(); // pipe -> Map(id -> subscription); "" holds the catch-all ones
    this.nextId = 1;
  }

  /** Returns the new subscription's id, or false for a name the server could not accept. */
  add(name, callback) {
    const parsed = parseSubscriptionName(name);
    if (parsed === null || typeof callback !== "function") {
      return false;
    }
    const id = "comet_sub_" + this.nextId++;
    const subscription = { pipe: parsed.pipe, event: parsed.event, callback };
    this.byId.set(id, subscription);
    if (!this.byPipe.has(parsed.pipe)) {
      this.byPipe.set(parsed.pipe, new Map());
    }
    this.byPipe.get(parsed.pipe).set(id, subscription);
    return id;
  }

  remove(id) {
    const subscription = this.byId.get(id);
    if (!subscription) {
      return false;
    }
    this.byId.delete(id);
    const ofPipe = this.byPipe.get(subscription.pipe);
    ofPipe.delete(id);
    if (ofPipe.size === 0) {
      this.byPipe.delete(subscription.pipe);
    }
    return true;
  }

  clear() {
    this.byId.clear();
    this.byPipe.clear();
  }

  /** Pipes to subscribe on the server, in the order they were first subscribed. */
  serverPipes() {
    return [...this.byPipe.keys()].filter((pipe) => !isLocalPipe(pipe));
  }

  /** Callbacks for a message: the pipe's (all events or this one), then the catch-all ones. */
  callbacksFor(pipe, event) {
    const callbacks = [];
    for (const key of [pipe, ""]) {
      const ofPipe = this.byPipe.get(key);
      for (const subscription of ofPipe ? ofPipe.values() : []) {
        if (subscription.event === undefined || subscription.event === event) {
          callbacks.push(subscription.callback);
        }
      }
    }
    return callbacks;
  }
}
