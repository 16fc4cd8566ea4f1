package org.cometserver.server.calls;

import org.cometserver.cometql.error.CometQlErrors;
import org.cometserver.cometql.error.CometQlException;
import org.cometserver.cometql.spi.CallBackend.CallChanges;
import org.cometserver.cometql.spi.CallBackend.CallLeg;
import org.cometserver.cometql.spi.CallBackend.DialRequest;
import org.cometserver.esl.EslCommandException;
import org.cometserver.esl.call.CallCommand;
import org.cometserver.esl.call.CallEvent;
import org.cometserver.esl.call.CallState;
import org.cometserver.esl.call.OriginateRequest;
import org.cometserver.esl.call.SipLeg;
import org.cometserver.esl.spi.CallListener;
import org.cometserver.server.hub.EncodedFrame;
import org.cometserver.server.logging.RateLimitedLog;
import org.cometserver.server.wiring.FreeswitchWait;
import org.cometserver.xmlcurl.directory.SipUserName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * SIP calls of browser users through FreeSWITCH (docs/CALLS.md "SIP calls"): the bridge's call events become
 * {@code calls} rows and {@code sipStatus} frames pushed to the user's connections; UPDATE and DELETE become
 * {@code uuid_hold}, {@code uuid_send_dtmf}, {@code uuid_transfer} and {@code uuid_kill}, and click-to-call an
 * originate, each answered only once FreeSWITCH accepted it (a bounded wait on the statement's thread).
 *
 * <p>Finished calls stay {@code [calls] keep_finished}; at most {@link #MAX_CALLS} calls are kept, the oldest
 * finished ones giving way first. Events come on the bridge's callback thread, statements on CometQL's: the rows are
 * guarded by one lock that is never held while waiting on FreeSWITCH or pushing frames.
 */
public final class SipCalls implements CallRegistry, CallListener {
    /** Live and kept calls: the bridge follows at most 20,000 channels per node. */
    static final int MAX_CALLS = 20_000;
    /** Where FreeSWITCH's dialplan runs a transferred leg (freeswitch-conf: comet users are in "default"). */
    static final String TRANSFER_CONTEXT = "XML default";
    private static final Pattern CALLER_ID_NUMBER = Pattern.compile("[A-Za-z0-9*#_.+-]{1,64}");
    private static final Logger log = LoggerFactory.getLogger(SipCalls.class);

    private final int maxCalls;
    private final SipControl control;
    private final UserFrames users;
    /** Where frames FreeSWITCH's events cause go: every node sees those events, so only its own connections. */
    private final UserFrames eventUsers;
    private final Clock clock;
    private final Duration keepFinished;
    private final Duration commandWait;
    private final Duration dialWait;
    private final RateLimitedLog fullLog;
    private final Object lock = new Object();
    /** uuid → row, oldest first; guarded by {@link #lock}. */
    private final Map<String, SipCallRow> rows = new LinkedHashMap<>();
    /** Click-to-calls waiting for their originate: {@code comet_session} → the request's row. Guarded by {@link #lock}. */
    private final Map<String, SipCallRow> dialling = new HashMap<>();

    /**
     * @param keepFinished how long a finished call stays in the table ({@code [calls] keep_finished})
     * @param commandWait  a statement's wait for a call command's answer
     * @param dialWait     a click-to-call's wait for the browser to answer
     */
    public SipCalls(SipControl control, UserFrames users, Clock clock, Duration keepFinished, Duration commandWait,
                    Duration dialWait) {
        this(control, users, users, clock, keepFinished, commandWait, dialWait, MAX_CALLS);
    }

    /**
     * With several nodes: every node follows every FreeSWITCH node's calls, so what their events cause goes to this
     * node's connections only ({@code eventUsers}), once per page; what only this node knows (a refused
     * click-to-call) goes to every node ({@code users}).
     */
    public SipCalls(SipControl control, UserFrames users, UserFrames eventUsers, Clock clock, Duration keepFinished,
                    Duration commandWait, Duration dialWait) {
        this(control, users, eventUsers, clock, keepFinished, commandWait, dialWait, MAX_CALLS);
    }

    /** @param maxCalls calls kept at most (live and finished) */
    SipCalls(SipControl control, UserFrames users, Clock clock, Duration keepFinished, Duration commandWait,
             Duration dialWait, int maxCalls) {
        this(control, users, users, clock, keepFinished, commandWait, dialWait, maxCalls);
    }

    private SipCalls(SipControl control, UserFrames users, UserFrames eventUsers, Clock clock, Duration keepFinished,
                     Duration commandWait, Duration dialWait, int maxCalls) {
        this.maxCalls = maxCalls;
        this.control = control;
        this.users = users;
        this.eventUsers = eventUsers;
        this.clock = clock;
        this.keepFinished = keepFinished;
        this.commandWait = commandWait;
        this.dialWait = dialWait;
        this.fullLog = new RateLimitedLog(log, Duration.ofMinutes(1), clock);
    }

    /** Where a user's call frames go: to his connections on every node, never queued ({@code Publisher}). */
    @FunctionalInterface
    public interface UserFrames {
        void send(int devId, long userId, EncodedFrame frame);
    }

    // ---- the bridge's events

    @Override
    public void callEvent(CallEvent event) {
        if (event.type() == CallEvent.Type.DTMF) {
            return; // nothing a row or the page shows changes
        }
        SipLeg leg = event.leg();
        Optional<SipUserName> owner = owner(leg);
        if (owner.isEmpty()) {
            log.debug("FreeSWITCH {}: call leg {} names no comet user; ignored", leg.node(), leg.uuid());
            return;
        }
        Instant now = clock.instant();
        SipCallRow row;
        boolean changed;
        synchronized (lock) {
            purge(now);
            SipCallRow before = rows.get(leg.uuid());
            if (before == null) {
                if (!roomFor()) {
                    fullLog.warn("{} SIP calls kept already: call {} of user {} not shown", rows.size(), leg.uuid(),
                            owner.get());
                    return;
                }
                SipCallRow request = dialling.get(leg.variable("comet_session"));
                if (request != null) {
                    // a leg of a click-to-call (one per device of the user): it takes the request's place
                    rows.remove(request.uuid());
                    row = request.forLeg(leg, now);
                } else {
                    row = SipCallRow.first(leg, owner.get().devId(), owner.get().userId(), direction(leg),
                            callType(leg), now);
                }
            } else if (before.finished()) {
                return; // refused click-to-call already reported; FreeSWITCH's own end comes later
            } else {
                row = before.with(leg, event.type() == CallEvent.Type.LOST, now);
            }
            rows.put(row.uuid(), row);
            // a bridge the leg knew of already, a progress after the ring: nothing the page shows changed
            changed = before == null || !before.statusData().equals(row.statusData());
        }
        if (changed) {
            push(eventUsers, row, now);
        }
    }

    /** The browser user of a leg: our {@code comet_dev_id}/{@code comet_user_id}, else its SIP user name. */
    static Optional<SipUserName> owner(SipLeg leg) {
        String dev = leg.variable("comet_dev_id");
        String user = leg.variable("comet_user_id");
        if (dev != null && user != null && dev.matches("[0-9]{1,6}") && user.matches("[1-9][0-9]{0,8}")) {
            return Optional.of(new SipUserName(Integer.parseInt(dev), Long.parseLong(user)));
        }
        return leg.sipUser() == null ? Optional.empty() : SipUserName.parse(leg.sipUser());
    }

    /** Ours from the dialplan or originate, else: a browser that called is FreeSWITCH's inbound leg. */
    private static String direction(SipLeg leg) {
        String given = leg.variable("comet_direction");
        if (SipCallRow.OUT.equals(given) || SipCallRow.IN.equals(given) || SipCallRow.CLICK_TO_CALL.equals(given)) {
            return given;
        }
        return leg.isInbound() ? SipCallRow.OUT : SipCallRow.IN;
    }

    private static int callType(SipLeg leg) {
        return String.valueOf(SipCallRow.VIDEO).equals(leg.variable("comet_call_type")) ? SipCallRow.VIDEO
                : SipCallRow.AUDIO;
    }

    private static void push(UserFrames users, SipCallRow row, Instant now) {
        users.send(row.devId(), row.userId(), CallFrames.sipStatus(row.statusData(), now.getEpochSecond()));
    }

    // ---- the calls table

    @Override
    public boolean owns(int devId, String sessionId) {
        return row(devId, sessionId) != null;
    }

    @Override
    public List<CallLeg> legs(int devId, Collection<String> sessionIds) {
        return select(devId, row -> sessionIds.contains(row.uuid()), Integer.MAX_VALUE);
    }

    @Override
    public List<CallLeg> legsOfUsers(int devId, Collection<Long> userIds) {
        return select(devId, row -> userIds.contains(row.userId()), Integer.MAX_VALUE);
    }

    @Override
    public List<CallLeg> allLegs(int devId, int limit) {
        return select(devId, row -> true, limit);
    }

    private List<CallLeg> select(int devId, Predicate<SipCallRow> wanted, int limit) {
        List<CallLeg> legs = new ArrayList<>();
        synchronized (lock) {
            purge(clock.instant());
            for (SipCallRow row : rows.values()) {
                if (legs.size() >= limit) {
                    break;
                }
                if (row.devId() == devId && wanted.test(row)) {
                    legs.add(row.toLeg());
                }
            }
        }
        return legs;
    }

    /** {@code uuid_kill} for a live call; a finished one is forgotten. */
    @Override
    public int hangUp(int devId, String sessionId, Collection<Long> userIds) {
        SipCallRow row = row(devId, sessionId);
        if (row == null || userIds != null && !userIds.contains(row.userId())) {
            return 0;
        }
        if (row.finished()) {
            synchronized (lock) {
                rows.remove(row.uuid());
            }
            return 1;
        }
        requireLeg(row);
        command(row, CallCommand.KILL, row.uuid(), null, "hang up call " + row.uuid());
        return 1;
    }

    @Override
    public int update(int devId, String sessionId, Collection<Long> userIds, CallChanges changes) {
        SipCallRow row = row(devId, sessionId);
        if (row == null || userIds != null && !userIds.contains(row.userId())) {
            return 0;
        }
        if (row.finished()) {
            throw new CometQlException(CometQlErrors.NOT_EXISTS, "Call " + row.uuid() + " has ended (" + row.state()
                    + (row.cause().isEmpty() ? "" : " " + row.cause()) + "): nothing to hold, send or transfer");
        }
        requireLeg(row);
        // every change is checked before the first command goes out: an UPDATE is not half applied by our refusal
        CallCommand hold = changes.hold() == null ? null : holdCommand(row, changes.hold());
        // uuid_send_dtmf sends out on the leg it names: to reach the other end, as the browser's keypad does
        String dtmfLeg = changes.dtmf() == null ? null : otherLeg(row, "send DTMF to");
        String transferLeg = changes.transfer() == null ? null : otherLeg(row, "transfer");
        String transferArgument = transferLeg == null ? null : transferArgument(changes.transfer());
        if (transferLeg != null) {
            try {
                CallCommand.TRANSFER.apiLine(transferLeg, transferArgument);
            } catch (IllegalArgumentException e) {
                throw new CometQlException(CometQlErrors.INVALID_DATA, "The transfer field cannot be sent: "
                        + e.getMessage());
            }
        }
        if (hold != null) {
            command(row, hold, row.uuid(), null, (changes.hold() ? "hold" : "unhold") + " call " + row.uuid());
        }
        if (dtmfLeg != null) {
            command(row, CallCommand.SEND_DTMF, dtmfLeg, changes.dtmf(), "send DTMF to call " + row.uuid());
        }
        if (transferLeg != null) {
            command(row, CallCommand.TRANSFER, transferLeg, transferArgument,
                    "transfer call " + row.uuid() + " to " + changes.transfer());
        }
        return 1;
    }

    /** A click-to-call's own row before FreeSWITCH reported a leg names no channel to command. */
    private void requireLeg(SipCallRow row) {
        boolean placing;
        synchronized (lock) {
            placing = dialling.containsKey(row.uuid());
        }
        if (placing) {
            throw new CometQlException(CometQlErrors.INVALID_DATA, "Call " + row.uuid() + " is still being placed: "
                    + "FreeSWITCH has not reported a leg of it yet");
        }
    }

    /** {@code uuid_hold} or {@code uuid_hold off}, when the call's state allows it. */
    private static CallCommand holdCommand(SipCallRow row, boolean hold) {
        if (row.state() == CallState.RING) {
            throw new CometQlException(CometQlErrors.INVALID_DATA, "Call " + row.uuid()
                    + " is not answered yet (RING): it cannot be " + (hold ? "held" : "unheld"));
        }
        if (hold && row.state() == CallState.HOLD) {
            throw new CometQlException(CometQlErrors.INVALID_DATA, "Call " + row.uuid() + " is on hold already");
        }
        if (!hold && row.state() != CallState.HOLD) {
            throw new CometQlException(CometQlErrors.INVALID_DATA, "Call " + row.uuid() + " is not on hold ("
                    + row.state() + "): nothing to unhold");
        }
        return hold ? CallCommand.HOLD : CallCommand.UNHOLD;
    }

    /**
     * Blind transfer of the other end, as a browser's SIP REFER does, and the browser's leg ends: to {@code target},
     * an extension of the dialplan (context {@code default}), or with a {@code /} a dial string the other end is
     * bridged to ({@code user/1001}, {@code sofia/gateway/gw1/+4930123456}) through FreeSWITCH's inline dialplan.
     */
    static String transferArgument(String target) {
        return target.indexOf('/') >= 0 ? "bridge:" + target + " inline" : target + " " + TRANSFER_CONTEXT;
    }

    /** The bridged leg: where DTMF and transfers go. */
    private static String otherLeg(SipCallRow row, String what) {
        if (row.otherLegUuid() == null) {
            throw new CometQlException(CometQlErrors.INVALID_DATA, "Call " + row.uuid() + " is not connected to "
                    + "anyone (" + row.state() + "): nothing to " + what);
        }
        return row.otherLegUuid();
    }

    private void command(SipCallRow row, CallCommand command, String uuid, String argument, String what) {
        CompletableFuture<String> sent = control.callCommand(row.node(), command, uuid, argument);
        FreeswitchWait.await(List.of(sent), commandWait, what);
    }

    // ---- click-to-call

    /**
     * Click-to-call on {@code node}: FreeSWITCH rings {@code endpoint} (the user's browsers, {@code user/<name>@<domain>})
     * and, once one answers, bridges it to {@code request.dial()} (a dial string, or an extension of the dialplan).
     * Returns the call's row once a browser answered; throws with FreeSWITCH's cause when it did not
     * ({@code USER_NOT_REGISTERED}, {@code NO_ANSWER}, ...), the row then staying as FAILED.
     *
     * @param sipName     the user's SIP name: what the dialled end sees as the caller
     * @param ringTimeout how long the browsers ring
     */
    public CallLeg dial(int devId, DialRequest request, String node, String endpoint, String sipName,
                        Duration ringTimeout) {
        Instant now = clock.instant();
        // no origination_uuid: FreeSWITCH would ring only one of the user's devices; legs carry comet_session instead
        String session = UUID.randomUUID().toString();
        Map<String, String> variables = Map.of("comet_dev_id", Integer.toString(devId),
                "comet_user_id", Long.toString(request.userId()), "comet_direction", SipCallRow.CLICK_TO_CALL,
                "comet_call_type", Integer.toString(request.callType()), "comet_session", session);
        OriginateRequest originate = OriginateRequest.of(null, endpoint, request.dial(), variables)
                .withCallerId(shownNumber(request.dial()), "Click-to-call")
                .withBridgeCallerId(sipName, sipName)
                .withTimeout(ringTimeout);
        SipCallRow row = SipCallRow.dialling(session, node, devId, request.userId(), request.callType(),
                request.dial(), request.userInfo(), now);
        synchronized (lock) {
            purge(now);
            if (!roomFor()) {
                throw new CometQlException(CometQlErrors.INTERNAL, rows.size() + " SIP calls are live: try later");
            }
            rows.put(session, row); // shown until a leg of it is reported
            dialling.put(session, row);
        }
        CompletableFuture<String> answered = control.originate(node, originate);
        try {
            FreeswitchWait.await(List.of(answered), dialWait, "click-to-call " + request.dial());
        } catch (CometQlException e) {
            refused(session, answered);
            throw e;
        }
        synchronized (lock) {
            dialling.remove(session);
            SipCallRow leg = rows.get(answered.join());
            return (leg != null ? leg : rows.getOrDefault(session, row)).toLeg();
        }
    }

    /**
     * A click-to-call that failed before any of its legs was reported (FreeSWITCH refused the originate line, the
     * user has no registered device): FAILED with FreeSWITCH's cause, pushed like any end. Legs that were reported
     * end with their own cause.
     */
    private void refused(String session, CompletableFuture<String> answered) {
        String cause = answered.handle((ok, error) -> error == null ? "" : causeOf(error)).getNow("NO_ANSWER");
        Instant now = clock.instant();
        SipCallRow failed;
        synchronized (lock) {
            dialling.remove(session);
            SipCallRow row = rows.get(session);
            if (row == null || row.finished()) {
                return;
            }
            failed = row.refused(cause, now);
            rows.put(session, failed);
        }
        push(users, failed, now);
    }

    /** {@code -ERR USER_NOT_REGISTERED} → {@code USER_NOT_REGISTERED}. */
    private static String causeOf(Throwable error) {
        Throwable cause = error instanceof CompletionException ? error.getCause() : error;
        if (cause instanceof EslCommandException refused) {
            String reply = refused.reply().strip();
            return reply.startsWith("-ERR ") ? reply.substring(5).strip() : reply;
        }
        return cause instanceof IllegalArgumentException ? "INVALID_DIAL" : "FREESWITCH_UNREACHABLE";
    }

    /** What the ringing browser shows as the caller: the number or user of the dial (user/1000 → 1000). */
    static String shownNumber(String dial) {
        String last = dial.substring(dial.lastIndexOf('/') + 1);
        int at = last.indexOf('@');
        String number = at > 0 ? last.substring(0, at) : last;
        return CALLER_ID_NUMBER.matcher(number).matches() ? number : null;
    }

    // ---- bookkeeping

    private SipCallRow row(int devId, String sessionId) {
        synchronized (lock) {
            purge(clock.instant());
            SipCallRow row = rows.get(sessionId);
            return row != null && row.devId() == devId ? row : null;
        }
    }

    /** Drops finished calls older than keep_finished. Under the lock. */
    private void purge(Instant now) {
        Instant oldest = now.minus(keepFinished);
        rows.values().removeIf(row -> row.finishedAt() != null && !row.finishedAt().isAfter(oldest));
    }

    /** Whether one more call fits, after dropping the oldest finished one if need be. Under the lock. */
    private boolean roomFor() {
        if (rows.size() < maxCalls) {
            return true;
        }
        for (Iterator<SipCallRow> it = rows.values().iterator(); it.hasNext(); ) {
            if (it.next().finished()) {
                it.remove();
                return true;
            }
        }
        return false;
    }

    /** How many calls are kept (live and finished). */
    int size() {
        synchronized (lock) {
            return rows.size();
        }
    }
}
