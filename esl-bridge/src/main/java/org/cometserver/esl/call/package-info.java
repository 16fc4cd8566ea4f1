/**
 * SIP calls through FreeSWITCH: the bridge's call tracking and call control (issue 10, docs/CALLS.md).
 *
 * <h2>Tracking</h2>
 * Every node's event connection subscribes, next to the conference events, to {@code CHANNEL_CREATE},
 * {@code CHANNEL_PROGRESS}, {@code CHANNEL_PROGRESS_MEDIA}, {@code CHANNEL_ANSWER}, {@code CHANNEL_BRIDGE},
 * {@code CHANNEL_UNBRIDGE}, {@code CHANNEL_HOLD}, {@code CHANNEL_UNHOLD}, {@code CHANNEL_CALLSTATE},
 * {@code CHANNEL_HANGUP_COMPLETE} and {@code DTMF}. {@link org.cometserver.esl.call.CallTracker} keeps a bounded table
 * of the live channels of each node ({@link org.cometserver.esl.call.SipLeg}: immutable, replaced on every event) and
 * tells {@link org.cometserver.esl.spi.CallListener}s about the legs that make a <em>call</em>:
 * <ul>
 * <li>a leg carrying a {@code comet_*} channel variable (set by our originate, {@link org.cometserver.esl.call.OriginateRequest},
 *     or by the comet dialplan), or</li>
 * <li>a leg whose SIP user ({@link org.cometserver.esl.call.SipLeg#sipUser()}) is a browser user, CppComet's
 *     {@code <6-digit dev_id><user id>}, and whose destination is not a comet conference
 *     ({@code <dev>*<room>*<profile>}: conference legs are reported by the conference registry instead).</li>
 * </ul>
 * {@link org.cometserver.esl.call.CallEvent} says what happened, with the leg after it; its state
 * ({@link org.cometserver.esl.call.CallState}) is {@code RING} (created/progress, not answered), {@code ESTABLISHED}
 * (answer or bridge; also after unhold), {@code HOLD}, {@code FINISH} (hung up after an answer: {@code billsec}, RTP
 * figures) or {@code FAILED} (hung up unanswered: {@code hangupCause} such as {@code USER_BUSY},
 * {@code NO_ROUTE_DESTINATION}, {@code UNALLOCATED_NUMBER}, {@code USER_NOT_REGISTERED}, {@code ORIGINATOR_CANCEL},
 * and the SIP status when there is one). The other leg of a bridge is followed too, so a browser leg knows its peer's
 * number and name. A channel first seen in a later event (the event connection came up mid-call) is adopted from that
 * event: every CHANNEL_* event carries all of the channel's variables. When a node reconnects, its resync reads
 * {@code show channels as json} on the event connection; tracked legs it no longer lists get a {@code LOST} event and are
 * dropped (how they ended is unknown).
 *
 * <h2>Control</h2>
 * One method per concept, not per verb, on {@link org.cometserver.esl.EslBridge}:
 * <ul>
 * <li>{@code CompletableFuture<String> callCommand(String node, CallCommand command, String uuid, String argument)}:
 *     {@link org.cometserver.esl.call.CallCommand} {@code HOLD}, {@code UNHOLD}, {@code SEND_DTMF} (argument: digits),
 *     {@code TRANSFER} (argument: {@code <extension> [XML [<context>]]}), {@code KILL} (argument: optional cause). Completes
 *     with FreeSWITCH's success reply; fails with {@link org.cometserver.esl.EslCommandException} carrying FreeSWITCH's
 *     text ({@code -ERR Operation failed}, {@code -ERR No such channel!}, {@code -ERR Cannot locate session!}),
 *     {@link IllegalArgumentException} for an argument that cannot be sent (nothing sent),
 *     {@link org.cometserver.esl.NodeDownException} or a timeout. {@code HOLD}/{@code UNHOLD} of a uuid that is not a
 *     live channel of the node fail with {@code EslCommandException} reply {@code -ERR No such channel!} without asking
 *     FreeSWITCH, which would answer {@code +OK Success} (recording 13).</li>
 * <li>{@code CompletableFuture<String> originate(String node, OriginateRequest request)}: click-to-call through
 *     {@code bgapi originate}; completes with the browser leg's uuid when the browser answered (FreeSWITCH then bridges),
 *     fails with {@code EslCommandException} and FreeSWITCH's cause ({@code -ERR USER_NOT_REGISTERED},
 *     {@code -ERR NO_ANSWER}, {@code -ERR CALL_REJECTED}, ...). The leg's events arrive meanwhile under the request's
 *     uuid ({@code RING} first); without one (an endpoint that rings several devices) each leg has FreeSWITCH's uuid
 *     and the request's {@code comet_*} variables.</li>
 * <li>{@code List<SipLeg> callLegs()} and {@code Optional<SipLeg> callLeg(String node, String uuid)}: the tracked live
 *     legs, never waiting on FreeSWITCH.</li>
 * <li>{@code addCallListener(CallListener)} / {@code removeCallListener(CallListener)}.</li>
 * </ul>
 * Every future completes on the bridge's callback executor, never on a Netty event loop.
 */
package org.cometserver.esl.call;
