// CppComet JS API 4.08's public surface (`cometApi`, docs/CPPCOMET.md §3.10) over CometClient, so pages written for CppComet
// run unchanged. Method names, argument orders and callback arguments are CppComet's; see README for differences.

import { CometClient } from "../CometClient.js";
import { Logger } from "../Logger.js";
import { newUuid } from "../protocol/connectionUrl.js";
import { stripslashes } from "../protocol/messages.js";
import { readStored, writeStored } from "../storage.js";

const LOG_LEVEL_STORAGE_KEY = "comet_LogLevel";
const DEFAULT_LOG_LEVEL = 1;

export class CometServerApi {
  constructor() {
    const stored = parseInt(readStored(LOG_LEVEL_STORAGE_KEY), 10);
    this.logger = new Logger(stored >= 0 ? stored : DEFAULT_LOG_LEVEL);
    this.options = {};
    this.client = new CometClient({ logger: this.logger });
    this.tabUuid = newUuid();
    this.repeatTimers = new Set();
    this.stripslashes = stripslashes;
  }

  /**
   * Connects with CppComet's options (`dev_id`, `user_id`, `user_key`, `node`, `nodes`, `wss`, `roundrobin`, `uuid`,
   * `nostat`) and ours (`cluster`, `recover`, `reconnectDelay`, ...; see CometClient).
   */
  start(options, callback) {
    this.stop();
    this.options = Object.assign({}, options);
    this.client.start(Object.assign({ logger: this.logger }, this.options));
    if (typeof callback === "function") {
      this.startListener = this.client.on("connect", () => {
        this.client.off("connect", this.startListener);
        callback();
      });
    }
    return true;
  }

  stop() {
    this.client.off("connect", this.startListener);
    this.repeatTimers.forEach(clearTimeout);
    this.repeatTimers.clear();
    this.client.stop();
    return true;
  }

  /** Reconnects with the current options overridden by `options`. */
  restart(options, callback) {
    return this.start(Object.assign({}, this.options, options), callback);
  }

  subscription(name, callback) {
    return this.client.subscribe(name, callback);
  }

  unsubscription(subscriptionId) {
    return this.client.unsubscribe(subscriptionId);
  }

  unsubscriptionAll() {
    this.client.unsubscribeAll();
    return true;
  }

  /** `web_pipe_send(pipe, event, msg)` or `web_pipe_send("pipe.event", msg)`. */
  web_pipe_send(pipe, event, message) {
    if (arguments.length < 3) {
      const target = splitPipeEvent(pipe);
      return target !== null && this.client.publish(target.pipe, target.event, event);
    }
    return this.client.publish(pipe, event, message);
  }

  /**
   * Sends the message `count` times, `interval` ms apart, tagged with one `_cometApi_uuid` so that receivers deliver
   * it once: a send lost during a reconnect is covered by the next one.
   */
  multi_web_pipe_send(pipe, event, message, count = 3, interval = 1000) {
    const tagged = message !== null && typeof message === "object" && !Array.isArray(message)
      ? Object.assign({}, message, { _cometApi_uuid: newUuid() })
      : message;
    if (!this.client.publish(pipe, event, tagged)) {
      return false;
    }
    for (let i = 1; i < count; i++) {
      const timer = setTimeout(() => {
        this.repeatTimers.delete(timer);
        this.client.publish(pipe, event, tagged);
      }, interval * i);
      this.repeatTimers.add(timer);
    }
    return true;
  }

  /** Subscribes `callback` to the pipe and asks for its stored messages, delivered with `fromQueue`. */
  get_pipe_log(pipe, callback) {
    if (typeof callback === "function" && this.client.subscribe(pipe, callback) === false) {
      return false;
    }
    return this.client.requestHistory(pipe);
  }

  count_users_in_pipe(pipe, callback) {
    return this.client.countUsers(pipe, callback);
  }

  getTrackPipeUsers(trackPipe, callback) {
    return this.client.trackPipeUsers(trackPipe, callback);
  }

  getUserData(userId, callback) {
    return this.client.userData(userId, callback);
  }

  /** undefined until the server greeted us, then true or false. */
  isAuthorized() {
    return this.client.authorized;
  }

  /** Called (without argument) when the server accepts the user; at once if it already has. */
  onAuthSuccess(callback) {
    return this.onAuth(true, callback);
  }

  /** CppComet's spelling. Called (without argument) when the server refuses the user's key; at once if it already has. */
  onAuthFalill(callback) {
    return this.onAuth(false, callback);
  }

  onAuthFail(callback) {
    return this.onAuth(false, callback);
  }

  onAuth(expected, callback) {
    if (typeof callback !== "function") {
      return false;
    }
    this.client.on("auth", (authorized) => authorized === expected && callback());
    if (this.client.authorized === expected) {
      queueMicrotask(() => callback());
    }
    return true;
  }

  /**
   * Ours (docs/CLUSTER.md): `callback(channel, {recovered, epoch, offset})` after a reconnect recovered a subscribed
   * channel from its last position; with `recovered: false` messages were lost (history too short, or reset) and the
   * page should reload the channel's state. Returns the listener for `off("recovery", listener)`.
   */
  onRecovery(callback) {
    if (typeof callback !== "function") {
      return false;
    }
    return this.client.on("recovery", (info) => callback(info.channel,
      { recovered: info.recovered, epoch: info.epoch, offset: info.offset }));
  }

  /** Connection events beyond CppComet: `connect`, `disconnect`, `auth`, `message`, `recovery`. */
  on(type, listener) {
    return this.client.on(type, listener);
  }

  off(type, listener) {
    this.client.off(type, listener);
  }

  /** The `users_auth` hash the server returned in its greeting (usable e.g. as SIP password). */
  getRealUserKey() {
    return this.client.realUserKey;
  }

  setRealUserKey(key) {
    this.client.realUserKey = key;
  }

  getUserId() {
    return this.options.user_id;
  }

  getUserKey() {
    return this.options.user_key;
  }

  getDevId() {
    return this.options.dev_id === undefined ? "0" : this.options.dev_id;
  }

  getUUID() {
    return this.client.uuid;
  }

  getTabUUID() {
    return this.tabUuid;
  }

  isConnected() {
    return this.client.connected;
  }

  /** Every tab keeps its own connection, so a connected tab is its own master. */
  isMaster() {
    return this.client.connected;
  }

  getUrl(node) {
    return this.client.url(node);
  }

  UseWebSocket() {
    return true;
  }

  UseWss(useWss) {
    this.options.wss = useWss !== false;
    return this.options.wss;
  }

  isUseWss() {
    return this.options.wss === true;
  }

  getLogLevel() {
    return this.logger.level;
  }

  setLogLevel(level) {
    this.logger.level = parseInt(level, 10) || 0;
    writeStored(LOG_LEVEL_STORAGE_KEY, String(this.logger.level));
    return true;
  }

  /** CppComet posted page statistics; this client sends none. */
  sendStatistics() {
    return false;
  }
}

function splitPipeEvent(name) {
  const dot = typeof name === "string" ? name.indexOf(".") : -1;
  return dot < 0 ? null : { pipe: name.substring(0, dot), event: name.substring(dot + 1) };
}
