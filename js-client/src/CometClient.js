// The connection to one or more comet nodes: sockets with reconnect, the authorization state the server announces,
// the replace-all subscription list, queued commands, and delivery of incoming messages to callbacks.

import { Logger } from "./Logger.js";
import { NodeSocket } from "./transport/NodeSocket.js";
import { connectionUrl, deviceUuid, randomInt } from "./protocol/connectionUrl.js";
import { Subscriptions } from "./Subscriptions.js";
import { ChannelRecovery, RECOVER_TIMEOUT_MS } from "./ChannelRecovery.js";
import { isPublishablePipe, isRecoverablePipe, isValidPipeName } from "./protocol/names.js";
import { parseFrame, toCallbackEvent } from "./protocol/messages.js";
import {
  pipeCountCommand, pipeLogCommand, queueAckCommand, recoverCommand, subscriptionCommand, trackPipeUsersCommand,
  userDataCommand, webPipeCommand,
} from "./protocol/commands.js";

// Bounds on client memory when the server is away or never answers.
const MAX_QUEUED_COMMANDS = 1000;
const MAX_PENDING_ANSWERS = 256;
const MAX_REMEMBERED_MESSAGE_UUIDS = 512;
// CppComet answers more than 32 names in one subscription command with an error.
const MAX_SERVER_PIPES = 32;
const EVENT_NAME = /^[A-Za-z0-9_\-]{1,64}$/;
// Replayed offline messages are acknowledged at most this often (one ack covers all up to its queue_id).
const QUEUE_ACK_DELAY_MS = 100;

export class CometClient {
  /**
   * @param options CppComet's start options (`dev_id`, `user_id`, `user_key`, `node`/`nodes`, `wss`, `roundrobin`,
   *        `uuid`) plus `cluster` (one socket at a time, failing over between the nodes), `recover` (learn the
   *        position of every channel subscribed; default `cluster`), `recoverTimeout` (ms a recovery waits for its
   *        closing frame), `WebSocket` (constructor, default the global one), `reconnectDelay`, `reconnectMaxDelay`,
   *        `connectTimeout` (ms) and `logger`.
   */
  constructor(options = {}) {
    this.options = options;
    this.log = options.logger || new Logger();
    this.subscriptions = new Subscriptions();
    this.pendingAnswers = new Map(); // marker -> callback
    this.queue = [];
    this.links = []; // {node, socket, ready, authorized, sentPipes, queueId, ackTimer}
    this.listeners = { connect: [], disconnect: [], auth: [], message: [], recovery: [] };
    this.recovery = new ChannelRecovery((info) => this.emit("recovery", info), (message) => this.deliver(message));
    this.seenMessageUuids = new Set();
    this.syncScheduled = false;
    this.started = false;
    this.authorized = undefined;
    this.realUserKey = undefined;
    this.onlineListener = () => this.links.forEach((link) => link.socket.reconnectNow());
  }

  /**
   * Opens one socket per node (only `user_id % n` with `roundrobin`), or with `cluster` one socket to one node at a
   * time. Options given here replace the constructor's.
   */
  start(options) {
    if (options) {
      this.options = options;
    }
    if (this.started) {
      return;
    }
    const WebSocketImpl = this.options.WebSocket || globalThis.WebSocket;
    if (!WebSocketImpl) {
      throw new Error("no WebSocket implementation: pass options.WebSocket");
    }
    this.started = true;
    this.recovery.timeout = this.options.recoverTimeout > 0 ? this.options.recoverTimeout : RECOVER_TIMEOUT_MS;
    for (const node of this.nodes()) {
      const link = { node, socket: null, ready: false, authorized: false, sentPipes: null, queueId: 0, ackTimer: null };
      link.socket = new NodeSocket(this.url(node), {
        WebSocket: WebSocketImpl,
        backoff: { initialDelay: this.options.reconnectDelay, maxDelay: this.options.reconnectMaxDelay },
        connectTimeout: this.options.connectTimeout,
        log: this.log,
        onOpen: () => this.log.debug("connected to " + link.node),
        onText: (text) => this.receive(text, link),
        onClose: (code) => this.lost(link, code),
      });
      this.links.push(link);
    }
    if (typeof globalThis.addEventListener === "function") {
      globalThis.addEventListener("online", this.onlineListener);
    }
    this.links.forEach((link) => link.socket.open());
  }

  /** Closes every socket for good; subscriptions stay registered for the next start, queued commands are dropped. */
  stop() {
    if (!this.started) {
      return;
    }
    this.started = false;
    if (typeof globalThis.removeEventListener === "function") {
      globalThis.removeEventListener("online", this.onlineListener);
    }
    const wasConnected = this.connected;
    this.links.forEach((link) => {
      clearTimeout(link.ackTimer);
      link.socket.close();
    });
    this.links = [];
    this.recovery.clear();
    this.queue = [];
    this.pendingAnswers.clear();
    this.authorized = undefined;
    if (wasConnected) {
      this.emit("disconnect", null);
    }
  }

  get connected() {
    return this.links.some((link) => link.ready);
  }

  get uuid() {
    if (!this.options.uuid && !this.storedUuid) {
      this.storedUuid = deviceUuid();
    }
    return this.options.uuid || this.storedUuid;
  }

  /** The nodes to open a socket to: every one given, one with `roundrobin`, the first one to try with `cluster`. */
  nodes() {
    const nodes = this.givenNodes();
    if (this.options.cluster && nodes.length > 1) {
      // The same user lands on the same node while it lives, spreading users evenly; anonymous pages at random.
      const userId = parseInt(this.options.user_id, 10);
      return [nodes[userId > 0 ? userId % nodes.length : randomInt(nodes.length)]];
    }
    if (this.options.roundrobin && nodes.length > 1) {
      const userId = parseInt(this.options.user_id, 10);
      return [nodes[(userId > 0 ? userId : 0) % nodes.length]];
    }
    return nodes;
  }

  givenNodes() {
    const given = this.options.nodes || this.options.node;
    let nodes = (Array.isArray(given) ? given : given ? [given] : []).map(String);
    if (nodes.length === 0 && typeof location !== "undefined" && location.host) {
      nodes = [location.host]; // our server also serves this script, so the page's own host is the natural default
    }
    if (nodes.length === 0) {
      throw new Error("no comet node given: start({node: \"host:port\"})");
    }
    return nodes;
  }

  url(node) {
    return connectionUrl({
      // The node connected to (with `cluster` it moves), else the first one a start would open.
      node: node !== undefined ? node : this.links.length > 0 ? this.links[0].node : this.nodes()[0],
      wss: this.options.wss,
      userKey: this.options.user_key,
      userId: this.options.user_id,
      devId: this.options.dev_id === undefined ? "0" : this.options.dev_id,
      uuid: this.uuid,
    });
  }

  /**
   * Listens to `connect` (node), `disconnect` (node, or null on stop), `auth` (true/false), `message` (every
   * delivered message as callbacks see it, `{data, server_info}`, whatever the subscriptions) and `recovery`
   * (`{channel, recovered, epoch, offset}` after a reconnect recovered a channel from its last position; with
   * `recovered: false` messages were lost and the page should reload the channel's state) notifications.
   */
  on(type, listener) {
    this.listeners[type].push(listener);
    return listener;
  }

  off(type, listener) {
    this.listeners[type] = this.listeners[type].filter((registered) => registered !== listener);
  }

  /**
   * Registers a callback for `"pipe"`, `"pipe.event"`, `"#pipe"`, `"msg"`, `"msg.event"` or `""` (everything); a
   * function alone means `""`. Returns the subscription id, or false for an invalid name.
   */
  subscribe(name, callback) {
    if (typeof name === "function") {
      callback = name;
      name = "";
    }
    const id = this.subscriptions.add(name, callback);
    if (id === false) {
      this.log.error("invalid subscription " + JSON.stringify(name));
      return false;
    }
    this.scheduleSync();
    return id;
  }

  unsubscribe(id) {
    if (!this.subscriptions.remove(id)) {
      return false;
    }
    this.scheduleSync();
    return true;
  }

  unsubscribeAll() {
    this.subscriptions.clear();
    this.scheduleSync();
  }

  /** `web_pipe2`: `message` is sent as JSON to the other subscribers of a `web_`, `webauth_` or `@web_` pipe. */
  publish(pipe, event, message) {
    if (!isPublishablePipe(pipe) || !EVENT_NAME.test(event)) {
      this.log.error("cannot send to " + JSON.stringify(pipe) + " event " + JSON.stringify(event)
        + ": the pipe must start with web_, webauth_ or @web_");
      return false;
    }
    return this.command(webPipeCommand(pipe, event, JSON.stringify(message === undefined ? null : message)));
  }

  /**
   * `pipe_log`: the entries come back like the pipe's messages (plus `history:true`) and reach its subscriptions. They
   * carry no marker, or CppComet's JS API 4.08 would drop them; the command's marker only fills its wire field.
   */
  requestHistory(pipe) {
    if (!isValidPipeName(pipe)) {
      this.log.error("invalid pipe " + JSON.stringify(pipe));
      return false;
    }
    // Subscribe before asking: a message published in between then arrives twice rather than not at all.
    this.syncSubscriptions();
    return this.command(pipeLogCommand(pipe, this.newMarker()));
  }

  countUsers(pipe, callback) {
    return isValidPipeName(pipe) && this.ask((marker) => pipeCountCommand(pipe, marker), callback);
  }

  trackPipeUsers(pipe, callback) {
    return isValidPipeName(pipe) && this.ask((marker) => trackPipeUsersCommand(pipe, marker), callback);
  }

  userData(userId, callback) {
    return /^\d+$/.test(String(userId)) && this.ask((marker) => userDataCommand(marker, userId), callback);
  }

  /** Sends a query whose answer carries a marker; the answer goes to `callback` only, once. */
  ask(commandFor, callback) {
    if (typeof callback !== "function") {
      return false;
    }
    const marker = this.newMarker();
    if (this.pendingAnswers.size >= MAX_PENDING_ANSWERS) {
      const oldest = this.pendingAnswers.keys().next().value;
      this.pendingAnswers.delete(oldest);
      this.log.warn("no answer for marker " + oldest + ", forgotten");
    }
    this.pendingAnswers.set(marker, callback);
    return this.command(commandFor(marker));
  }

  /** Sends through the first greeted node (nodes of a cluster share queries and forward publishes), or queues. */
  command(text) {
    const link = this.links.find((candidate) => candidate.ready);
    if (link && link.socket.send(text)) {
      return true;
    }
    if (this.queue.length >= MAX_QUEUED_COMMANDS) {
      this.queue.shift();
      this.log.warn("command queue full, oldest command dropped");
    }
    this.queue.push(text);
    return true;
  }

  newMarker() {
    let marker;
    do {
      marker = "";
      for (let i = 0; i < 10; i++) {
        marker += randomInt(10);
      }
    } while (this.pendingAnswers.has(marker));
    return marker;
  }

  scheduleSync() {
    if (!this.syncScheduled) {
      this.syncScheduled = true;
      // Several subscription calls in one task become one replace-all command.
      queueMicrotask(() => this.syncSubscriptions());
    }
  }

  /**
   * Sends the replace-all subscription list to every greeted node whose last list differs, then `recover` for each
   * channel new to that node's list.
   */
  syncSubscriptions() {
    this.syncScheduled = false;
    const pipes = this.subscriptions.serverPipes();
    if (pipes.length > MAX_SERVER_PIPES) {
      this.log.warn(pipes.length + " pipes subscribed; CppComet servers accept " + MAX_SERVER_PIPES);
    }
    this.recovery.retain(pipes);
    for (const link of this.links) {
      // Re-sending an unchanged list is not free: track_ peers would see an unsubscription/subscription pair.
      const unchanged = link.sentPipes === null ? pipes.length === 0 : sameList(link.sentPipes, pipes);
      if (link.ready && !unchanged && link.socket.send(subscriptionCommand(pipes))) {
        const before = link.sentPipes || [];
        link.sentPipes = pipes;
        this.recover(link, pipes.filter((pipe) => !before.includes(pipe)));
      }
    }
  }

  /**
   * `recover` from the last position of each channel that has one (the server sent it, so it understands the
   * command); from none for the others only with the `recover` option, since CppComet servers close the connection
   * on an unknown command.
   */
  recover(link, channels) {
    const learn = this.options.recover === undefined ? this.options.cluster === true : this.options.recover === true;
    for (const channel of channels) {
      const position = this.recovery.position(channel);
      // CppComet: the server skips private_ channels of anonymous connections; a recover would get an error frame.
      const refused = channel.startsWith("private_") && !link.authorized;
      if ((position || learn) && isRecoverablePipe(channel) && !refused
        && link.socket.send(recoverCommand(channel, position))) {
        this.recovery.begin(channel, link);
      }
    }
  }

  receive(text, link) {
    for (const message of parseFrame(text, (line) => this.log.warn("unparseable frame " + line))) {
      if (message.pipe === "sys" && message.event === "serverInfo") {
        this.greeted(message, link);
      } else if (typeof message.offset === "number" && typeof message.epoch === "string"
        && (message.history !== true || this.recovery.recovering(message.pipe))) {
        // A channel publication with its position. History entries (pipe_log) answer the page, whatever it saw live,
        // so they are left alone, except while the channel is held: then they are ordered in with the rest.
        this.recovery.accept(message).forEach((accepted) => this.deliver(accepted));
      } else if (message.pipe === "_recovery" && message.event === "recovered") {
        this.recovery.closed(message.data, link).forEach((released) => this.deliver(released));
      } else if (typeof message.queue_id !== "number" || this.firstReplay(message.queue_id, link)) {
        this.deliver(message);
      }
    }
  }

  /**
   * Offline messages replayed by our server carry an increasing `queue_id` and stay queued until acknowledged, so a
   * reconnect replays what was not: those seen before are dropped here. Each one, new or not, is acknowledged.
   */
  firstReplay(queueId, link) {
    const first = queueId > link.queueId;
    if (first) {
      link.queueId = queueId;
    }
    if (link.ackTimer === null) {
      link.ackTimer = setTimeout(() => {
        link.ackTimer = null;
        if (link.ready) {
          link.socket.send(queueAckCommand(link.queueId));
        }
      }, QUEUE_ACK_DELAY_MS);
    }
    return first;
  }

  /** The server's greeting ends the handshake: announce auth, resubscribe, then send what waited. */
  greeted(message, link) {
    link.ready = true;
    link.sentPipes = null;
    link.socket.markHealthy();
    const authorized = message.authorized === true;
    link.authorized = authorized;
    this.realUserKey = typeof message.data === "string" ? message.data : "";
    this.syncSubscriptions();
    const queued = this.queue;
    this.queue = [];
    queued.forEach((text) => this.command(text));
    this.emit("connect", link.node);
    if (this.authorized !== authorized) {
      this.authorized = authorized;
      this.emit("auth", authorized);
    }
  }

  lost(link, code) {
    const wasReady = link.ready;
    link.ready = false;
    link.sentPipes = null;
    this.recovery.linkLost(link);
    this.log.info("connection to " + link.node + " closed (" + code + ")");
    if (this.options.cluster && !wasReady) {
      this.failOver(link);
    }
    if (wasReady) {
      this.emit("disconnect", link.node);
    }
  }

  /**
   * `cluster`: an attempt that failed before the greeting (refused, dropped, timed out) moves the next attempt to the
   * next node, round robin; a lost healthy connection is first retried on the same node.
   */
  failOver(link) {
    const nodes = this.givenNodes();
    const current = nodes.indexOf(link.node);
    link.node = nodes[(current + 1) % nodes.length];
    link.socket.url = this.url(link.node);
    this.log.info("next attempt to " + link.node);
  }

  deliver(message) {
    const event = toCallbackEvent(message);
    if (message.pipe === "sys" && message.event === "error") {
      this.log.warn("server error: " + JSON.stringify(event.data));
    }
    if (this.isRepeat(event.data)) {
      return;
    }
    this.emit("message", event);
    const marker = event.server_info.marker;
    if (marker !== undefined && this.pendingAnswers.has(String(marker))) {
      const callback = this.pendingAnswers.get(String(marker));
      this.pendingAnswers.delete(String(marker));
      this.invoke(callback, event);
      return;
    }
    for (const callback of this.subscriptions.callbacksFor(event.server_info.pipe, event.server_info.event)) {
      this.invoke(callback, event);
    }
  }

  /** multi_web_pipe_send repeats a message with the same `_cometApi_uuid`; only its first copy is delivered. */
  isRepeat(data) {
    const uuid = data !== null && typeof data === "object" ? data._cometApi_uuid : undefined;
    if (typeof uuid !== "string") {
      return false;
    }
    if (this.seenMessageUuids.has(uuid)) {
      return true;
    }
    if (this.seenMessageUuids.size >= MAX_REMEMBERED_MESSAGE_UUIDS) {
      this.seenMessageUuids.delete(this.seenMessageUuids.values().next().value);
    }
    this.seenMessageUuids.add(uuid);
    return false;
  }

  emit(type, value) {
    this.listeners[type].slice().forEach((listener) => this.invoke(listener, value));
  }

  invoke(callback, argument) {
    try {
      callback(argument);
    } catch (error) {
      // One failing page callback must not stop delivery to the others.
      this.log.error("callback failed: " + (error && error.stack ? error.stack : error));
    }
  }
}

function sameList(a, b) {
  return a.length === b.length && a.every((value, index) => value === b[index]);
}
