// Type definitions for comet-client (CppComet JS API 4.08 compatible). Hand-written next to js-client/src.

/** Options of `cometApi.start()` (CppComet's names) and of `new CometClient()`. */
export interface CometStartOptions {
  /** Developer/tenant id (`devid=` in the URL); default "0". */
  dev_id?: string | number;
  /** Authorized user id; omit for an anonymous connection. */
  user_id?: string | number;
  /** The user's `users_auth` hash or an HS256 JWT. */
  user_key?: string;
  /** Node(s) as `host[:port][/prefix]` (a `ws://`/`wss://` scheme is honoured); default the page's host. */
  node?: string | string[];
  nodes?: string[];
  /** Force wss; by default it follows the page's protocol. */
  wss?: boolean;
  /** Connect to one node only, chosen by `user_id % nodes.length`. */
  roundrobin?: boolean;
  /** 32 characters of [A-Za-z0-9_-]; default a random id remembered in localStorage `comet_server_uuid`. */
  uuid?: string;
  /** Accepted for compatibility; this client never sends statistics. */
  nostat?: boolean;
  /** WebSocket constructor, for Node or tests; default the global one. */
  WebSocket?: WebSocketConstructor;
  /** First reconnect delay in ms (default 500); it doubles per failure, with jitter. */
  reconnectDelay?: number;
  /** Longest reconnect delay in ms (default 30000). */
  reconnectMaxDelay?: number;
  /** A connect attempt still pending after this many ms is abandoned and retried (default 10000). */
  connectTimeout?: number;
}

export interface WebSocketConstructor {
  new (url: string): WebSocketLike;
}

export interface WebSocketLike {
  readonly readyState: number;
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onerror: ((event: unknown) => void) | null;
  onclose: ((event: { code?: number; reason?: string }) => void) | null;
  send(data: string): void;
  close(code?: number, reason?: string): void;
}

export interface ServerInfo {
  /** Sender's user id for browser-published messages, else 0. */
  user_id: number;
  pipe: string;
  event: string;
  /** True only when the server marks a message as history. */
  history: boolean;
  /** Present on answers to queries (count_users_in_pipe, getTrackPipeUsers, getUserData). */
  marker?: string;
  uuid?: string;
}

/** What every callback receives. `data` is JSON-parsed when the message is JSON (also in its `{\"a\":1}` escaped form). */
export interface CometMessage<T = any> {
  data: T;
  server_info: ServerInfo;
}

export type CometCallback<T = any> = (message: CometMessage<T>) => void;

/** A subscription name: "pipe", "pipe.event", "#pipe" (delivery reports of web_pipe_send), "msg", "msg.event" or "" (all). */
export type SubscriptionName = string;

export interface TrackPipeUser {
  user_id: number;
  uuid: string;
}

export interface ConnectionEvents {
  connect: (node: string) => void;
  disconnect: (node: string | null) => void;
  auth: (authorized: boolean) => void;
}

/** The CppComet JS API 4.08 surface; `cometApi` is the page's instance. */
export declare class CometServerApi {
  constructor();
  start(options?: CometStartOptions, callback?: () => void): boolean;
  stop(): boolean;
  restart(options?: CometStartOptions, callback?: () => void): boolean;
  /** Returns the subscription id, or false for an invalid name. */
  subscription(name: SubscriptionName | CometCallback, callback?: CometCallback): string | false;
  unsubscription(subscriptionId: string): boolean;
  unsubscriptionAll(): boolean;
  web_pipe_send(pipe: string, event: string, message: unknown): boolean;
  web_pipe_send(pipeAndEvent: string, message: unknown): boolean;
  multi_web_pipe_send(pipe: string, event: string, message: unknown, count?: number, interval?: number): boolean;
  get_pipe_log(pipe: string, callback?: CometCallback): boolean;
  count_users_in_pipe(pipe: string, callback: CometCallback<["user_in_pipe", number] | { user_in_pipe: number }>): boolean;
  getTrackPipeUsers(trackPipe: string, callback: CometCallback<TrackPipeUser[]>): boolean;
  getUserData(userId: number | string, callback: CometCallback<{ user_id: number; user_data: string }>): boolean;
  isAuthorized(): boolean | undefined;
  onAuthSuccess(callback: () => void): boolean;
  /** CppComet's spelling. */
  onAuthFalill(callback: () => void): boolean;
  onAuthFail(callback: () => void): boolean;
  on<K extends keyof ConnectionEvents>(type: K, listener: ConnectionEvents[K]): ConnectionEvents[K];
  off<K extends keyof ConnectionEvents>(type: K, listener: ConnectionEvents[K]): void;
  getRealUserKey(): string | undefined;
  setRealUserKey(key: string): void;
  getUserId(): string | number | undefined;
  getUserKey(): string | undefined;
  getDevId(): string | number;
  getUUID(): string;
  getTabUUID(): string;
  isConnected(): boolean;
  isMaster(): boolean;
  getUrl(node?: string): string;
  UseWebSocket(use?: boolean): boolean;
  UseWss(use?: boolean): boolean;
  isUseWss(): boolean;
  getLogLevel(): number;
  /** 0 silent, 1 errors (default), 2 warnings, 3 info, 4 debug; remembered in localStorage `comet_LogLevel`. */
  setLogLevel(level: number): boolean;
  sendStatistics(...ignored: unknown[]): boolean;
  stripslashes(text: string): string;
}

/** The connection engine under CometServerApi, usable on its own. */
export declare class CometClient {
  constructor(options?: CometStartOptions);
  readonly connected: boolean;
  readonly uuid: string;
  authorized: boolean | undefined;
  realUserKey: string | undefined;
  start(options?: CometStartOptions): void;
  stop(): void;
  url(node?: string): string;
  on<K extends keyof ConnectionEvents>(type: K, listener: ConnectionEvents[K]): ConnectionEvents[K];
  off<K extends keyof ConnectionEvents>(type: K, listener: ConnectionEvents[K]): void;
  subscribe(name: SubscriptionName | CometCallback, callback?: CometCallback): string | false;
  unsubscribe(subscriptionId: string): boolean;
  unsubscribeAll(): void;
  publish(pipe: string, event: string, message: unknown): boolean;
  requestHistory(pipe: string): boolean;
  countUsers(pipe: string, callback: CometCallback): boolean;
  trackPipeUsers(pipe: string, callback: CometCallback<TrackPipeUser[]>): boolean;
  userData(userId: number | string, callback: CometCallback): boolean;
}

/** CppComet's named-signal bus; `emitAll` also reaches the page's other tabs. */
export declare class TabSignal {
  connect(signalName: string, slot: (param: any, signalName: string) => void): string | false;
  connect(slotName: string, signalName: string, slot: (param: any, signalName: string) => void): string | false;
  disconnect(slotName: string, signalName?: string): boolean;
  emit(signalName: string, param?: unknown): void;
  emitAll(signalName: string, param?: unknown): void;
}

export declare const cometApi: CometServerApi;
export declare const tabSignal: TabSignal;
export declare function CometServer(): CometServerApi;
export declare function comet_server_signal(): TabSignal;
export declare function stripslashes(text: string): string;
export default cometApi;

declare global {
  /** Globals defined by the classic script comet-client.js. */
  var cometApi: CometServerApi;
  function CometServer(): CometServerApi;
  var cometServerApi: typeof CometServerApi;
  var _cometServerApi: typeof CometServerApi;
  var tabSignal: TabSignal;
  function comet_server_signal(): TabSignal;
}
