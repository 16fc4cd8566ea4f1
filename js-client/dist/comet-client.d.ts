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
  /**
   * Ours (docs/CLUSTER.md): the nodes share one Redis, so one socket at a time is enough. It starts at
   * `user_id % nodes.length` (a random node for anonymous pages); an attempt that fails before the server's greeting
   * (refused, dropped, `connectTimeout`) moves the next one to the next node, round robin, with the usual backoff; a
   * lost healthy connection is retried once on the same node first. Without it several nodes mean CppComet's mode:
   * one socket per node (or one with `roundrobin`).
   */
  cluster?: boolean;
  /**
   * Ours: send `recover\n<channel>\n\n` for every channel subscribed without a known position, to learn it, so that a
   * reconnect can recover what was published meanwhile. Default: the value of `cluster`. Needs our server (CppComet
   * servers do not know the command). Positions the server sent are recovered after a reconnect either way.
   */
  recover?: boolean;
  /** Milliseconds a recovery waits for its closing frame before giving up with `recovered: false` (default 10000). */
  recoverTimeout?: number;
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
  /** Present on answers to queries (count_users_in_pipe, getTrackPipeUsers, getUserData), never on get_pipe_log entries. */
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

/**
 * The end of a recovery after a reconnect (docs/CLUSTER.md "Recovery after a reconnect"). `recovered: false`: messages
 * of the channel were lost (history trimmed, reset, or too many to hold); reload the channel's state. `epoch` and
 * `offset` are the channel's position the client now has.
 */
export interface RecoveryInfo {
  recovered: boolean;
  epoch: string;
  offset: number;
}

export interface ConnectionEvents {
  connect: (node: string) => void;
  disconnect: (node: string | null) => void;
  auth: (authorized: boolean) => void;
  /** Every delivered message, whatever the subscriptions (call signals on `_calls` included). */
  message: (message: CometMessage) => void;
  /** A channel recovered from its last position after a reconnect (not sent when a first subscription learns it). */
  recovery: (info: RecoveryInfo & { channel: string }) => void;
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
  /**
   * Ours: `callback(channel, info)` each time a reconnect recovered a subscribed channel from its last position; with
   * `info.recovered === false` the page should reload the channel's state. Returns the listener for
   * `off("recovery", listener)`, or false without a function.
   */
  onRecovery(callback: (channel: string, info: RecoveryInfo) => void): ConnectionEvents["recovery"] | false;
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

/** The `sys` part of a `sys_sipCall` invitation (docs/CPPCOMET.md §4.2). */
export interface SipCallInfo {
  callKey: string;
  /** The `web_` pipe all participants of the conference signal on. */
  callPipe: string;
  caller_id: number;
  /** The string "true" from the server; any truthy value means conference. */
  conference: string | boolean;
  conference_name: string;
  mode: string;
  serverName: string;
  serverPort: number;
  /** `<dev_id>*<name>*<profile>`, dialled as `sip:<sipNumber>@<serverName>`. */
  sipNumber: string;
  stream: number;
}

/** An invitation's data: the backend's message (parsed when it is a JSON object) and the call's `sys` fields. */
export interface CallData<M = any> {
  message: M;
  sys: SipCallInfo;
}

/** The whole invitation event, as onCallStart, onToggleMute and onToggleHold pass it (CppComet's inconsistency). */
export interface CallEvent<M = any> {
  data: CallData<M>;
  server_info: ServerInfo;
}

export type CallType = "audio" | "video" | "none";

export interface AcceptCallOptions {
  /** "video": camera and microphone; "audio": microphone; "none": receive only. */
  type?: CallType;
  /** Plays the conference (picture and sound). */
  video_remote?: HTMLMediaElement;
  /** Plays the conference's sound when there is no `video_remote`. */
  audio_remote?: HTMLMediaElement;
  /** Shows the local camera. */
  video_local?: HTMLMediaElement;
  /** Sent instead of camera and microphone. */
  custom_stream?: MediaStream;
}

/** joinAsGuest(): a guest pass's token (docs/GUESTS.md) and how to take part. */
export interface GuestJoinOptions extends AcceptCallOptions {
  token: string;
  /** The comet node to redeem the pass at; default the one start() was given. */
  server?: string;
  /** The FreeSWITCH conference profile to dial (default "default"). */
  profile?: string;
}

/** What joinAsGuest() resolves with: the server's join data, without the SIP password. */
export interface GuestJoin {
  devId: number;
  /** The guest's user id (1000000000 and above). */
  userId: number;
  sipUser: string;
  displayName: string;
  /** Unix seconds when the pass and its SIP account end. */
  expires: number;
  conference_name: string;
  sipNumber: string;
  serverName: string;
  serverPort: number;
  callPipe: string;
  mode: string;
}

export interface CallAcceptEvent {
  action: "accept";
  callInfo: CallData;
  /** The type the interlocutor accepted with. */
  accept_type?: CallType;
}

export interface CallStartEvent {
  action: "start";
  status: "start";
  callInfo: CallEvent;
  type?: CallType;
}

/** Status: "hangup", "busy" (dialog), "cancel" (taken on another device), "terminated" (SIP session failed or
 * ended), "registration-failure", "no-media-stream", or the other side's `out` status (dialog). */
export interface CallEndEvent {
  action: "out";
  callInfo: CallData;
  /** Milliseconds since the conversation started, 0 if it never did. */
  time: number;
  status: string;
  /** Milliseconds since acceptCall, 0 if the call was not accepted. */
  fullTime: number;
  /** JsSIP's cause for SIP failures, the media error's name for "no-media-stream". */
  cause?: string;
}

export interface ParticipantEvent {
  action: "in" | "out";
  user_id: number;
  uuid?: string;
  /** The participant's `out` status ("hangup", "busy"), for onOut. */
  status?: string;
  callInfo: CallData;
  type?: CallType;
}

export interface ToggleMuteEvent {
  action: "toggleMute";
  user_id: number;
  uuid?: string;
  isMute: boolean;
  status: boolean;
  callInfo: CallEvent;
  type?: CallType;
}

export interface ToggleHoldEvent {
  action: "toggleHold";
  user_id: number;
  uuid?: string;
  isHold: boolean;
  status: boolean;
  callInfo: CallEvent;
  type?: CallType;
}

/** A FreeSWITCH member of the room (docs/CONFERENCES.md). */
export interface RoomMember {
  user_id: number;
  member_id: number;
  /** In onMembers; "web" (browser), "sip" (SIP device), "phone" (called in or PIN dial-in). */
  kind?: "web" | "sip" | "phone";
  number?: string;
  muted: boolean;
  deaf: boolean;
  talking: boolean;
  video: boolean;
  vmuted: boolean;
  node: string;
}

/** A phone called into a conference room (docs/CONFERENCES.md "Phones"); Voximplant's event names. */
export interface CallParticipantEvent {
  /** ICE_FAILED: the conference leg of user_id failed ICE after its ICE restart (no number). */
  type: "CALL_PARTICIPANT" | "CALL_PARTICIPANT_CONNECTED" | "CALL_PARTICIPANT_FAILED" | "CALL_PARTICIPANT_DISCONNECTED"
    | "ICE_FAILED";
  number?: string;
  /** The user whose page (or conference row) called it. */
  user_id: number;
  /** CALL_PARTICIPANT_FAILED: FreeSWITCH's cause, e.g. "USER_BUSY", "NO_ANSWER". */
  cause?: string;
  callInfo: CallEvent;
}

export interface CallParticipantError {
  room: string;
  number: string;
  error: string;
}

/** The parts of JsSIP (npm `jssip`, a peer dependency) the video API uses. */
export interface JsSipLike {
  UA: new (configuration: object) => unknown;
  WebSocketInterface: new (url: string) => unknown;
}

export interface VideoStartOptions {
  /** An invitation arrived; answer with acceptCall() or refuse with busy()/hangup(). */
  onCall?: (event: { data: any }) => void;
  /** The first interlocutor accepted (only for the invitation's caller_id). */
  onCallAccept?: (event: CallAcceptEvent) => void;
  /** Both this browser and an interlocutor have media. */
  onCallStart?: (event: CallStartEvent) => void;
  onCallEnd?: (event: CallEndEvent) => void;
  /** Another participant joined (accept, mediaStart or track_ subscription); once per participant. */
  onIn?: (event: ParticipantEvent) => void;
  /** Another participant left a conference. */
  onOut?: (event: ParticipantEvent) => void;
  onToggleMute?: (event: ToggleMuteEvent) => void;
  onToggleHold?: (event: ToggleHoldEvent) => void;
  /** CppComet's name for onToggleHold. */
  toggleHold?: (event: ToggleHoldEvent) => void;
  /**
   * A phone called into the room (by any page or the backend): dialling, connected, failed, disconnected; and
   * ICE_FAILED when a page's conference leg failed ICE after its one ICE restart.
   */
  onCallParticipant?: (event: CallParticipantEvent) => void;
  /** Once after acceptCall() of a conference: every live member of the room (then onMember follows its changes). */
  onMembers?: (event: { room: string; members: RoomMember[]; callInfo: CallEvent }) => void;
  /** The room's notices after onMembers: a member joined, left, started or stopped talking, or was muted. */
  onMember?: (event: { event: "joined" | "left" | "talking" | "changed"; member: RoomMember; callInfo: CallEvent }) => void;
  /** The server refused this page's callParticipant(). */
  onCallParticipantError?: (event: CallParticipantError) => void;
  /** Default: window.JsSIP. */
  JsSIP?: JsSipLike;
  /** Default: Google's public STUN server. */
  iceServers?: RTCIceServer[];
  /** kbit/s, 0 = the browser's choice; default 256. */
  bandwidth_video?: number;
  /** kbit/s, 0 = the browser's choice; default 32. */
  bandwidth_audio?: number;
}

/** SIP call statuses (docs/CALLS.md "SIP calls"), from JsSIP's events and the server's `sipStatus` frames. */
export type CallStatus = "RING" | "ESTABLISHED" | "HOLD" | "FINISH" | "FAILED";

export declare const CALL_STATUS: {
  readonly RING: "RING";
  readonly ESTABLISHED: "ESTABLISHED";
  readonly HOLD: "HOLD";
  readonly FINISH: "FINISH";
  readonly FAILED: "FAILED";
};

/** The data of a `_calls`/`sipStatus` frame: FreeSWITCH's view of one call of the user. */
export interface SipStatusData {
  /** FreeSWITCH's uuid of the browser user's leg: the `calls` row's session_id. */
  session_id: string;
  state: CallStatus;
  /** "out" (the browser called), "in" (a SIP device called), "c2c" (click-to-call). */
  direction: "out" | "in" | "c2c";
  /** The other end: number or SIP user. */
  peer: string;
  peer_name?: string;
  /** What was dialled (out, c2c). */
  dial?: string;
  /** in, c2c: the user part of the registration FreeSWITCH rang (the JS phone's own contact user). */
  device?: string;
  /** 1 video, 2 audio. */
  call_type: number;
  /** FreeSWITCH's hangup cause (FINISH, FAILED), e.g. "USER_BUSY". */
  cause?: string;
  /** The SIP status of a failure, e.g. 486. */
  sip_code?: number;
  /** Seconds from answer to hangup (FINISH, FAILED). */
  duration?: number;
  /** MOS FreeSWITCH computed (at the end, when it did). */
  mos?: string;
}

export interface SipStatusEvent {
  status: CallStatus;
  /** The call in this browser; undefined for a call on another device or tab of the user (server frames). */
  call?: SipCall;
  cause?: string;
  sipCode?: number;
  /** "sip": JsSIP's event in this browser; "server": a sipStatus frame. */
  source: "sip" | "server";
  /** The frame's data, for calls of other devices. */
  data?: SipStatusData;
}

export interface SipIncomingEvent {
  call: SipCall;
  /** The caller's SIP user (a number, or a browser user's SIP name). */
  callerId: string;
  callerName: string;
  /** The comet user id when the caller is a browser user of the same dev_id. */
  callerUserId?: number;
}

export interface SipRegisterOptions {
  /** The FreeSWITCH host browsers reach over wss (its certificate's name). */
  serverName: string;
  /** Default 7443. */
  serverPort?: number;
  /** FreeSWITCH offers a call (a SIP device, another browser user, click-to-call): answer() or hangup(). */
  onIn?: (event: SipIncomingEvent) => void;
  /** Every status change of every call, and the server's frames of the user's calls on other devices. */
  onStatus?: (event: SipStatusEvent) => void;
  onRegistered?: (event: {}) => void;
  onRegistrationFailed?: (event: { cause?: string }) => void;
  /** Default: start()'s iceServers, else Google's public STUN server. */
  iceServers?: RTCIceServer[];
  /** JsSIP's sendDTMF options, e.g. { transportType: "RFC2833" } (default: SIP INFO). */
  dtmf?: object;
}

export interface SipMediaOptions {
  /** Camera too (default: audio only). */
  video?: boolean;
  video_local?: HTMLMediaElement;
  video_remote?: HTMLMediaElement;
  audio_remote?: HTMLMediaElement;
  /** Sent instead of camera and microphone. */
  custom_stream?: MediaStream;
}

export interface RtpFigures {
  inbound?: { packetsReceived: number; packetsLost: number; bytesReceived: number; jitter?: number };
  outbound?: { packetsSent: number; bytesSent: number };
  /** "opus", "VP8", "PCMU"… */
  codec?: string;
}

export interface CallStats {
  audio: RtpFigures;
  video: RtpFigures;
  /** Seconds, of the candidate pair in use. */
  roundTripTime?: number;
}

/** One SIP call of the browser's phone. */
export declare class SipCall {
  readonly direction: "out" | "in";
  /** The target dialled, or the caller's SIP user. */
  readonly peer: string;
  readonly callerName: string;
  readonly status?: CallStatus;
  readonly cause?: string;
  readonly sipCode?: number;
  readonly sipCallId?: string;
  /** The server's session_id (the `calls` row), once a frame named it. */
  readonly sessionId?: string;
  /** The newest sipStatus frame of this call, also one after the end (duration, mos). */
  readonly serverInfo: Partial<SipStatusData>;
  readonly localStream: MediaStream | null;
  readonly remoteStream: MediaStream | null;
  /** `handler` runs on `status`, or on every change with "*". */
  on(status: CallStatus | "*", handler: (event: SipStatusEvent) => void): this;
  isEnded(): boolean;
  /** Incoming calls: resolves false when there is nothing to answer or no media. */
  answer(options?: SipMediaOptions): Promise<boolean>;
  hangup(): boolean;
  hold(): boolean;
  unhold(): boolean;
  /** 0-9 A-D # * and "," (pause); false for other characters or outside an established call. */
  sendDTMF(digits: string, options?: object): boolean;
  /** Blind transfer of the other party with SIP REFER; resolves when FreeSWITCH accepted it. */
  transfer(target: string): Promise<true>;
  /** Replaces camera or microphone during the call; resolves with the new track. */
  switchDevice(kind: "audio" | "video", deviceId: string): Promise<MediaStreamTrack>;
  getStats(): Promise<CallStats>;
  isMuted(): { audio: boolean; video: boolean };
  mute(media?: { audio?: boolean; video?: boolean }): boolean;
  unmute(media?: { audio?: boolean; video?: boolean }): boolean;
  /** Milliseconds from answer to end (or now). */
  duration(): number;
}

export interface MediaDeviceChoice {
  deviceId: string;
  label: string;
}

/** CppComet's cometVideoApi.js 1.0 on JsSIP; `cometVideoApi` is the page's instance. */
export declare class CometVideoApi {
  /** Registers the user's SIP account so that calls ring here; false without serverName or JsSIP, or twice. */
  register(options: SipRegisterOptions): boolean;
  /** Hangs up the SIP calls and unregisters. */
  unregister(): boolean;
  /** Calls a SIP user, extension, +number, browser user's SIP name or sip: URI; null before register(). */
  call(target: string | number, options?: SipMediaOptions): SipCall | null;
  sipCalls(): SipCall[];
  devices(): Promise<{ audioinput: MediaDeviceChoice[]; videoinput: MediaDeviceChoice[]; audiooutput: MediaDeviceChoice[] }>;
  constructor(comet: CometServerApi);
  start(options: VideoStartOptions): boolean;
  /** False when a call is active, nothing is to be answered or JsSIP is missing. */
  acceptCall(options?: AcceptCallOptions): boolean;
  /** Redeems a guest pass (once) and dials its room with the guest's SIP account; rejects with `status` 404 when used or expired. */
  joinAsGuest(options: GuestJoinOptions): Promise<GuestJoin>;
  hangup(callInfo?: CallData | CallEvent, doNotNotify?: boolean): boolean;
  busy(): boolean;
  /** The new audio mute state; undefined outside a call. */
  toggleMute(): boolean | undefined;
  muteAudio(mute: boolean): true | undefined;
  muteVideo(mute: boolean): true | undefined;
  isMute(): { audio: boolean; video: boolean } | undefined;
  /** Whether the call is now on hold; undefined outside a call. */
  toggleHold(): boolean | undefined;
  setBandwidth(limits?: { video?: number; audio?: number }): { video: number; audio: number };
  isInCall(): boolean;
  /**
   * Asks the server to call a phone (`+` and 3 to 15 digits) into the conference; the room's pages follow it with
   * onCallParticipant, a refusal reaches onCallParticipantError. False without a conference invitation.
   */
  callParticipant(number: string): boolean;
  fullScreen(element?: Element): boolean;
  isFullScreenSupport(): boolean;
}

// ---- P2P calls between browsers (cometCalls, docs/CALLS.md), ConnectyCube's video chat API in shape

/** `callType`: 1 video, 2 audio. */
export declare const CallType: { readonly VIDEO: 1; readonly AUDIO: 2 };
export type CallTypeValue = 1 | 2;

/** `session.state`. */
export declare const SessionState: {
  readonly NEW: 1; readonly ACTIVE: 2; readonly HUNGUP: 3; readonly REJECTED: 4; readonly CLOSED: 5;
};
export type SessionStateValue = 1 | 2 | 3 | 4 | 5;

/** The state onSessionConnectionStateChangedListener reports for one peer connection (from its ICE state). */
export declare const SessionConnectionState: {
  readonly UNDEFINED: 0; readonly CONNECTING: 1; readonly CONNECTED: 2; readonly FAILED: 3;
  readonly DISCONNECTED: 4; readonly CLOSED: 5; readonly COMPLETED: 6;
};
export type SessionConnectionStateValue = 0 | 1 | 2 | 3 | 4 | 5 | 6;

export type UserId = number;

/**
 * What listeners get as `extension`: the signal's `userInfo`, plus fields the protocol does not define and the
 * server's `reason` ("not_answered", "disconnected", "server"), or ours: "accepted_elsewhere",
 * "rejected_elsewhere" (another device of this user answered), "connection_lost" (this page's comet connection).
 */
export type CallExtension = { [key: string]: any; reason?: string };

export interface CallSettings {
  /** Default Google's public STUN server. */
  iceServers?: RTCIceServer[];
  /** `platform` of the signals; default "web". */
  platform?: string;
  /** Users in one session, caller included; default 4 (the server's `[calls] max_participants`). */
  maxParticipants?: number;
  /**
   * ms between repeats of the `call` to opponents still ringing (ConnectyCube's dialing), so that a device that
   * connects meanwhile rings too; default 5000, 0 sends it once.
   */
  dialingInterval?: number;
  /** ICE restarts in a row without a connection; default 3. */
  maxIceRestarts?: number;
  /** ms a connection may stay "disconnected" before an ICE restart (default 5000; 0 waits for "failed"). */
  disconnectedRestartDelay?: number;
  /** ms local ICE candidates are collected into one iceCandidates signal (default 0: one task). */
  iceBatchDelay?: number;
  /** Reject incoming calls with userInfo {not_supported: 1} when there is no RTCPeerConnection; default true. */
  autoRejectUnsupported?: boolean;
  /** Defaults: the browser's. */
  RTCPeerConnection?: typeof RTCPeerConnection;
  MediaStream?: typeof MediaStream;
  mediaDevices?: Pick<MediaDevices, "getUserMedia" | "enumerateDevices">;
}

export interface CreateSessionOptions extends CallSettings {
  /** 1-64 characters of A-Za-z0-9_.:- ; default a random UUID. */
  sessionID?: string;
}

/** MediaStreamConstraints plus ConnectyCube's `elementId` and `options`. */
export interface CallMediaParams {
  audio?: boolean | MediaTrackConstraints;
  video?: boolean | MediaTrackConstraints;
  /** An element (or its id) to play the local stream in, muted. */
  elementId?: string | HTMLMediaElement;
  options?: { muted?: boolean; mirror?: boolean };
}

/** One P2P call session (ConnectyCube's WebRTCSession): the mesh of connections to the other participants. */
export declare class CallSession {
  /** The sessionID. */
  readonly ID: string;
  readonly initiatorID: UserId;
  /** The callees (the initiator excluded). */
  readonly opponentsIDs: UserId[];
  readonly currentUserID: UserId;
  readonly callType: CallTypeValue;
  readonly state: SessionStateValue;
  /** The caller's userInfo (incoming sessions) or the extension given to call(). */
  readonly extension: CallExtension;
  /** Sent to every participant; set by getUserMedia (or by the page before call/accept). */
  localStream: MediaStream | null;
  getUserMedia(params?: CallMediaParams, callback?: (error: Error | null, stream?: MediaStream) => void): Promise<MediaStream>;
  /** Caller: rings every opponent (one `call` signal each, userInfo = extension). */
  call(extension?: CallExtension): Promise<boolean>;
  /** Callee: answers the caller (and the mesh offers), then offers to the lower-id callees. */
  accept(extension?: CallExtension): Promise<boolean>;
  /** Callee that rings: refuses, telling every participant. */
  reject(extension?: CallExtension): boolean;
  /** Hangs up (every participant gets hangUp); a ringing callee rejects instead. */
  stop(extension?: CallExtension): boolean;
  /** `update` to one participant or to everyone still in the call. */
  update(extension: CallExtension, userId?: UserId): boolean;
  mute(kind: "audio" | "video"): boolean;
  unmute(kind: "audio" | "video"): boolean;
  /** Replaces the microphone and/or camera in every connection without renegotiation; resolves with localStream. */
  switchMediaTracks(deviceIds: { audio?: string; video?: string },
    callback?: (error: Error | null, stream?: MediaStream) => void): Promise<MediaStream>;
  getRemoteStream(userId: UserId): MediaStream | null;
  getPeerConnection(userId: UserId): RTCPeerConnection | null;
  attachMediaStream(element: string | HTMLMediaElement, stream: MediaStream, options?: { muted?: boolean; mirror?: boolean }): boolean;
  detachMediaStream(element: string | HTMLMediaElement): boolean;
}

/** `cometCalls`: P2P calls on the page's comet connection (the user must be authorized to signal). */
export declare class CometCalls {
  constructor(comet: CometServerApi | CometClient);
  readonly comet: CometServerApi | CometClient;
  readonly CallType: typeof CallType;
  readonly SessionState: typeof SessionState;
  readonly SessionConnectionState: typeof SessionConnectionState;
  readonly sessions: Map<string, CallSession>;
  config(settings?: CallSettings): CallSettings;
  isSupported(): boolean;
  createSession(opponentsIDs: UserId | UserId[], callType?: CallTypeValue, options?: CreateSessionOptions): CallSession;
  /** ConnectyCube's name for createSession. */
  createNewSession(opponentsIDs: UserId | UserId[], callType?: CallTypeValue, options?: CreateSessionOptions): CallSession;
  getSession(sessionID: string): CallSession | undefined;
  /** Closes a session here without signalling. */
  clearSession(sessionID: string): boolean;
  /** Media devices of a kind ("audioinput", "videoinput", "audiooutput"), all without. */
  getMediaDevices(kind?: MediaDeviceKind): Promise<MediaDeviceInfo[]>;

  /** An incoming call rings: accept(), reject() or let it ring. */
  onCallListener: ((session: CallSession, extension: CallExtension) => void) | null;
  onAcceptCallListener: ((session: CallSession, userId: UserId, extension: CallExtension) => void) | null;
  onRejectCallListener: ((session: CallSession, userId: UserId, extension: CallExtension) => void) | null;
  /** A participant hung up; also this user's other device answering (userId = own id, reason *_elsewhere). */
  onStopCallListener: ((session: CallSession, userId: UserId, extension: CallExtension) => void) | null;
  onUserNotAnswerListener: ((session: CallSession, userId: UserId) => void) | null;
  onRemoteStreamListener: ((session: CallSession, userId: UserId, stream: MediaStream) => void) | null;
  onUpdateCallListener: ((session: CallSession, userId: UserId, extension: CallExtension) => void) | null;
  onSessionConnectionStateChangedListener:
    ((session: CallSession, userId: UserId, state: SessionConnectionStateValue) => void) | null;
  onSessionCloseListener: ((session: CallSession) => void) | null;
}

export declare const cometApi: CometServerApi;
export declare const cometVideoApi: CometVideoApi;
export declare const cometCalls: CometCalls;
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
  var cometVideoApi: CometVideoApi;
  var cometCalls: CometCalls;
}
