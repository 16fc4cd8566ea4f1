package org.cometserver.esl.standin;

import org.cometserver.esl.codec.EslHeaders;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The channel world of the stand-in: SIP legs of registered users ({@link SipDevice}), loopback pairs, {@code originate}
 * with {@code &bridge(...)}, {@code &park} or an extension, a small dialplan, mod_commands' channel commands
 * ({@link UuidCommands}), and the {@code CHANNEL_*} and {@code DTMF} events all of this fires, in the order recorded from FreeSWITCH 1.10.12
 * (12-call-control-loopback, 12b-call-control-sip-hold, 13-failure-views). Not emulated: media, early media
 * ({@code CHANNEL_PROGRESS_MEDIA}), {@code CHANNEL_EXECUTE}, caller-id flipping after a bridge.
 * <p>
 * Dialplan (context {@code default}; other contexts: {@code NO_ROUTE_DESTINATION}): a registered user's name bridges to
 * {@code user/<name>}; {@code 9196} (echo), {@code 9197} (milliwatt), {@code talker}, {@code talker-forever} answer;
 * anything else is {@code NO_ROUTE_DESTINATION} (the stock dialplan would answer it with music on hold, recording
 * 14; the comet dialplan has no such catch-all). {@code user/<name>} of a user without registration fails with
 * {@code USER_NOT_REGISTERED}, or {@code SUBSCRIBER_ABSENT} when the directory does not know it (14); the directory
 * knows every CppComet SIP name (as the comet directory serves them), every user ever registered, and those added with
 * {@code addDirectoryUser}.
 * <p>
 * Every entry point synchronizes on {@code lock} (the conference emulator: one FreeSWITCH, one event sequence).
 */
final class ChannelEmulator {

    /** Fires one event: name, calling file/function/line, headers after the common ones. */
    interface EventSink {
        void fire(String name, String file, String function, int line, EslHeaders headers);
    }

    private static final Pattern BRIDGE_APP = Pattern.compile("&bridge\\((.+)\\)");
    private static final Pattern LEADING_VARS = Pattern.compile("^\\{([^}]*)}(.*)$");
    /** CppComet SIP names, which the comet directory (xml-curl-endpoint) serves: known users, registered or not. */
    private static final Pattern COMET_USER = Pattern.compile("[0-9]{6}[1-9][0-9]{0,8}");
    private static final List<String> ANSWERING_EXTENSIONS = List.of("9196", "9197", "talker", "talker-forever");

    private final Object lock;
    private final Clock clock;
    private final EventSink sink;
    private final Map<String, EmulatedChannel> channels = new LinkedHashMap<>();
    private final Map<String, SipDevice> registrations = new HashMap<>();
    /** Users the directory knows (registered or not); {@code user/<other>} is {@code SUBSCRIBER_ABSENT} (14). */
    private final java.util.Set<String> directory = new java.util.HashSet<>();
    /** A-leg uuid → the pending originate's reply. */
    private final Map<String, CompletableFuture<String>> originates = new HashMap<>();
    private final UuidCommands commands = new UuidCommands(this);
    private long sessions = 100;

    ChannelEmulator(Object lock, Clock clock, EventSink sink) {
        this.lock = lock;
        this.clock = clock;
        this.sink = sink;
    }

    // ---- test driver ------------------------------------------------------------------------------------------------

    void register(String user, SipDevice device) {
        synchronized (lock) {
            registrations.put(user, device);
            directory.add(user);
        }
    }

    void addDirectoryUser(String user) {
        synchronized (lock) {
            directory.add(user);
        }
    }

    void unregister(String user) {
        synchronized (lock) {
            registrations.remove(user);
        }
    }

    /** Forgets every channel without events (a FreeSWITCH restart); pending originates fail. */
    void restart() {
        synchronized (lock) {
            channels.clear();
            originates.values().forEach(f -> f.complete("-ERR NORMAL_TEMPORARY_FAILURE\n"));
            originates.clear();
        }
    }

    /**
     * A SIP device (or a browser registered as {@code fromUser}) calls {@code destination}: an inbound SIP leg that runs
     * the dialplan. Returns its uuid.
     */
    String call(String fromUser, String callerIdName, String destination) {
        synchronized (lock) {
            EmulatedChannel a = newChannel("sofia/internal/" + fromUser + "@127.0.0.1:5070", "inbound", "sofia",
                    callerIdName, fromUser, destination, "mod_sofia", null);
            a.hitDialplan = true;
            a.networkAddr = "127.0.0.1";
            a.variables.put("sip_from_user", fromUser);
            a.variables.put("sip_to_user", destination);
            a.variables.put("sip_call_id", UUID.randomUUID().toString());
            created(a);
            callState(a, "RINGING", "CS_ROUTING", 3);
            route(a, destination, "default");
            return a.uuid;
        }
    }

    /** The device on a ringing leg answers (200 OK). False if there is no such ringing leg. */
    boolean answer(String uuid) {
        synchronized (lock) {
            EmulatedChannel ch = channels.get(uuid);
            if (ch == null || ch.isAnswered() || ch.hungUp) {
                return false;
            }
            answered(ch);
            return true;
        }
    }

    /** The device on a ringing leg refuses it ({@link SipDevice#BUSY} or {@link SipDevice#DECLINE}). */
    boolean refuse(String uuid, SipDevice how) {
        synchronized (lock) {
            EmulatedChannel ch = channels.get(uuid);
            if (ch == null || ch.isAnswered() || ch.hungUp || how.refusal() == null) {
                return false;
            }
            refused(ch, how);
            return true;
        }
    }

    /** The device on this leg hangs up (BYE, or CANCEL while ringing). */
    boolean hangUp(String uuid) {
        synchronized (lock) {
            EmulatedChannel ch = channels.get(uuid);
            if (ch == null) {
                return false;
            }
            hangup(ch, ch.isAnswered() ? "NORMAL_CLEARING" : "ORIGINATOR_CANCEL");
            return true;
        }
    }

    /**
     * A phone on the PIN dial-in (recording 15-pin-dial-in): the inbound loopback leg {@code loopback/<dialled>-b} that
     * runs freeswitch-conf's comet_dialin context, created and answered; {@link #dialInDigits} are its keypad.
     */
    void dialInLeg(String uuid, String dialled, String callerNumber) {
        synchronized (lock) {
            EmulatedChannel b = newChannel(uuid, "loopback/" + dialled + "-b", "inbound", "loopback", callerNumber,
                    callerNumber, dialled, "mod_loopback", null);
            b.hitDialplan = true;
            b.variables.put("loopback_leg", "B");
            created(b);
            answered(b);
        }
    }

    /** Digits the dial-in caller keys in: one {@code DTMF} event each, source {@code UNKNOWN} as recorded (15). */
    void dialInDigits(String uuid, String digits) {
        synchronized (lock) {
            EmulatedChannel ch = channels.get(uuid);
            if (ch != null && !ch.hungUp) {
                digits.chars().forEach(d -> dtmf(ch, String.valueOf((char) d), "UNKNOWN"));
            }
        }
    }

    /** The dial-in caller is hung up by the dialplan (three wrong PINs) with {@code cause}. */
    void dialInHangup(String uuid, String cause) {
        synchronized (lock) {
            EmulatedChannel ch = channels.get(uuid);
            if (ch != null && !ch.hungUp) {
                hangup(ch, cause);
            }
        }
    }

    /** The device sends DTMF (RFC 2833): one {@code DTMF} event per digit on its leg. */
    boolean receiveDtmf(String uuid, String digits) {
        synchronized (lock) {
            EmulatedChannel ch = channels.get(uuid);
            if (ch == null) {
                return false;
            }
            digits.chars().forEach(d -> dtmf(ch, String.valueOf((char) d), "RTP"));
            return true;
        }
    }

    boolean isHeld(String uuid) {
        synchronized (lock) {
            EmulatedChannel ch = channels.get(uuid);
            return ch != null && "HELD".equals(ch.callState);
        }
    }

    List<String> channelUuids() {
        synchronized (lock) {
            return new ArrayList<>(channels.keySet());
        }
    }

    /** The live legs' uuids whose SIP user (caller or callee) is {@code user}. */
    List<String> legsOf(String user) {
        synchronized (lock) {
            return channels.values().stream()
                    .filter(c -> c.device != null || c.signalsHold())
                    .filter(c -> c.name.startsWith("sofia/internal/" + user + "@"))
                    .map(c -> c.uuid).toList();
        }
    }

    // ---- api --------------------------------------------------------------------------------------------------------

    /**
     * {@code originate <url> <app>|<exten> [<dialplan>] [<context>]} for SIP and plain loopback legs; the reply
     * completes when the A-leg answered ({@code +OK <uuid>}) or failed ({@code -ERR <cause>}).
     */
    CompletableFuture<String> originate(Map<String, String> vars, String url, String[] words) {
        synchronized (lock) {
            String uuid = vars.getOrDefault("origination_uuid", UUID.randomUUID().toString());
            String cidName = vars.getOrDefault("origination_caller_id_name", "Outbound Call");
            String cidNumber = vars.getOrDefault("origination_caller_id_number", "0000000000");
            CompletableFuture<String> reply = new CompletableFuture<>();
            String target = words[1];
            String context = words.length > 3 ? words[3] : "default";
            String application = target.startsWith("&") ? target : "exten:" + target + ":" + context;
            EmulatedChannel a = dial(uuid, url, cidName, cidNumber, null, vars, application);
            if (a == null) {
                return CompletableFuture.completedFuture("-ERR " + failureOf(url) + "\n");
            }
            originates.put(a.uuid, reply);
            proceed(a);
            return reply;
        }
    }

    /** {@code uuid_*}, {@code show channels} ({@link UuidCommands}); null for commands this emulator does not know. */
    String api(String name, String args) {
        synchronized (lock) {
            return commands.api(name, args);
        }
    }

    EmulatedChannel channel(String uuid) {
        return channels.get(uuid);
    }

    java.util.Collection<EmulatedChannel> channels() {
        return channels.values();
    }

    Instant now() {
        return clock.instant();
    }

    // ---- call flow --------------------------------------------------------------------------------------------------

    /**
     * Creates the leg {@code url} would call (null when the endpoint cannot: see {@link #failureOf}); it is created and
     * ringing, not yet answered.
     */
    private EmulatedChannel dial(String uuid, String url, String cidName, String cidNumber, EmulatedChannel originator,
                                 Map<String, String> vars, String application) {
        Matcher leading = LEADING_VARS.matcher(url);
        Map<String, String> allVars = new LinkedHashMap<>(vars);
        if (leading.matches()) {
            allVars.putAll(ModConferenceEmulator.parseVariables(leading.group(1)));
            url = leading.group(2);
            cidName = allVars.getOrDefault("origination_caller_id_name", cidName);
            cidNumber = allVars.getOrDefault("origination_caller_id_number", cidNumber);
        }
        EmulatedChannel ch;
        if (url.startsWith("user/")) {
            String user = url.substring(5).split("@")[0];
            SipDevice device = registrations.get(user);
            if (device == null) {
                return null;
            }
            ch = newChannel(uuid, "sofia/internal/" + user + "@127.0.0.1:5070", "outbound", "sofia", cidName, cidNumber,
                    user, "src/switch_ivr_originate.c", device);
            ch.variables.put("dialed_user", user);
            ch.variables.put("dialed_domain", url.contains("@") ? url.substring(url.indexOf('@') + 1) : "127.0.0.1");
        } else if (url.startsWith("sofia/")) {
            String rest = url.substring(url.indexOf('/', 6) + 1);
            String user = rest.split("@")[0];
            ch = newChannel(uuid, url, "outbound", "sofia", cidName, cidNumber, user, "src/switch_ivr_originate.c",
                    registrations.getOrDefault(user, SipDevice.ANSWER));
        } else if (url.startsWith("loopback/")) {
            String[] parts = url.split("/");
            String dest = parts.length > 1 ? parts[1] : "";
            ch = newChannel(uuid, "loopback/" + dest + "-a", "outbound", "loopback", cidName, cidNumber, dest, "mod_loopback", null);
            ch.loopbackContext = parts.length > 2 ? parts[2] : "default";
        } else {
            return null;
        }
        allVars.forEach((k, v) -> {
            if (!k.equals("origination_uuid")) {
                ch.variables.put(k, v);
            }
        });
        ch.application = application;
        if (originator != null) {
            ch.other = originator;
            ch.otherType = "originator";
            ch.networkAddr = originator.networkAddr;
        } else if (ch.signalsHold()) {
            ch.dialplan = false;
        }
        created(ch);
        return ch;
    }

    /** Why {@link #dial} could not create a leg for {@code url}, as originate/bridge report it. */
    private String failureOf(String url) {
        String plain = LEADING_VARS.matcher(url).replaceAll("$2");
        if (!plain.startsWith("user/")) {
            return "CHAN_NOT_IMPLEMENTED";
        }
        String user = plain.substring(5).split("@")[0];
        return directory.contains(user) || COMET_USER.matcher(user).matches() ? "USER_NOT_REGISTERED" : "SUBSCRIBER_ABSENT";
    }

    /** Lets a freshly created leg ring, answer or fail as its endpoint does. */
    private void proceed(EmulatedChannel ch) {
        if ("loopback".equals(ch.endpoint)) {
            String context = ch.loopbackContext;
            EmulatedChannel b = newChannel(UUID.randomUUID().toString(), "loopback/" + ch.destination + "-b", "inbound",
                    "loopback", ch.callerIdName, ch.callerIdNumber, ch.destination, "mod_loopback", null);
            b.hitDialplan = true;
            b.networkAddr = ch.networkAddr;
            b.variables.put("other_loopback_leg_uuid", ch.uuid);
            ch.variables.put("other_loopback_leg_uuid", b.uuid);
            created(b);
            if (!context.equals("default") || !ANSWERING_EXTENSIONS.contains(ch.destination)) {
                hangup(b, "NO_ROUTE_DESTINATION");
                return;
            }
            callState(b, "RINGING", "CS_EXECUTE", 4);
            // the B half answers its extension, which answers the A half: both ANSWERs before the A half goes on (12b)
            markAnswered(ch);
            markAnswered(b);
            afterAnswer(ch);
            return;
        }
        SipDevice device = ch.device == null ? SipDevice.ANSWER : ch.device;
        if (device != SipDevice.ANSWER) {
            // 180 Ringing (14); a device that answers at once sends none (12b)
            ch.progressAt = clock.instant();
            ch.networkAddr = "127.0.0.1";
            ch.variables.put("sip_to_user", ch.destination);
            fireFull(ch, "CHANNEL_PROGRESS", "switch_channel.c", "switch_channel_perform_mark_ring_ready_value", 1086, EslHeaders.EMPTY);
        }
        callState(ch, "RINGING", "CS_CONSUME_MEDIA", 7);
        if (device == SipDevice.ANSWER) {
            answered(ch);
        } else if (device.refusal() != null) {
            refused(ch, device);
        }
        // RING: waits for answer()/refuse()/hangUp()
    }

    private void refused(EmulatedChannel ch, SipDevice how) {
        ch.variables.put("sip_term_status", how.refusal()[0]);
        ch.variables.put("proto_specific_hangup_cause", "sip:" + how.refusal()[0]);
        hangup(ch, how.refusal()[1]);
    }

    private void answered(EmulatedChannel ch) {
        markAnswered(ch);
        afterAnswer(ch);
    }

    /** {@code CHANNEL_ANSWER}, call state ACTIVE; a pending originate of this leg succeeds. */
    private void markAnswered(EmulatedChannel ch) {
        Instant now = clock.instant();
        ch.answeredAt = now;
        ch.answerState = "answered";
        if (ch.progressAt == null && ch.signalsHold()) {
            ch.progressAt = now;
        }
        fireFull(ch, "CHANNEL_ANSWER", "switch_channel.c", "switch_channel_perform_mark_answered", 3846, EslHeaders.EMPTY);
        callState(ch, "ACTIVE", "CS_EXECUTE", 4);
        CompletableFuture<String> originate = originates.remove(ch.uuid);
        if (originate != null) {
            originate.complete("+OK " + ch.uuid + "\n");
        }
    }

    /** A B-leg that answered is bridged to its originator; an originated leg runs its application. */
    private void afterAnswer(EmulatedChannel ch) {
        if (ch.other != null && "originator".equals(ch.otherType) && !ch.other.hungUp && ch.other.other == ch) {
            return; // already bridged
        }
        if (ch.other != null && "originator".equals(ch.otherType) && !ch.other.hungUp) {
            bridged(ch.other, ch);
        } else if (ch.application != null && !ch.hungUp) {
            run(ch);
        }
    }

    /** Runs what an answered leg was originated to do. */
    private void run(EmulatedChannel ch) {
        String app = ch.application;
        ch.application = app.startsWith("&bridge") ? app : null;
        Matcher bridge = BRIDGE_APP.matcher(app);
        if (bridge.matches()) {
            bridgeTo(ch, bridge.group(1));
        } else if (app.startsWith("exten:")) {
            String[] parts = app.split(":", 3);
            route(ch, parts[1], parts[2]);
        } else if (!app.equals("&park") && !app.startsWith("&park(")) {
            hangup(ch, "DESTINATION_OUT_OF_ORDER"); // an application that does not exist (13)
        }
    }

    /** The dialplan: {@code destination} in {@code context} for leg {@code ch} (answered or not). */
    void route(EmulatedChannel ch, String destination, String context) {
        if (!context.equals("default")) {
            hangup(ch, "NO_ROUTE_DESTINATION");
        } else if (registrations.containsKey(destination)) {
            bridgeTo(ch, "user/" + destination);
        } else if (ANSWERING_EXTENSIONS.contains(destination)) {
            if (!ch.isAnswered()) {
                answered(ch);
            }
        } else {
            hangup(ch, "NO_ROUTE_DESTINATION");
        }
    }

    /** FreeSWITCH's inline dialplan: only {@code bridge:<dial string>} is emulated; anything else has no route. */
    void routeInline(EmulatedChannel ch, String applications) {
        if (applications.startsWith("bridge:") && applications.indexOf(',') < 0) {
            bridgeTo(ch, applications.substring("bridge:".length()));
        } else {
            hangup(ch, "NO_ROUTE_DESTINATION");
        }
    }

    /** {@code bridge(<dial>)} on leg {@code a}: calls the B-leg; bridges when it answers, ends {@code a} when it fails. */
    private void bridgeTo(EmulatedChannel a, String dialString) {
        a.application = "&bridge(" + dialString + ")";
        if (a.isAnswered()) {
            callState(a, "RING_WAIT", a.channelState, a.channelStateNumber);
        }
        EmulatedChannel b = dial(UUID.randomUUID().toString(), dialString, a.callerIdName, a.callerIdNumber, a, Map.of(), null);
        if (b == null) {
            bridgeFailed(a, failureOf(dialString));
            return;
        }
        a.dialing = b;
        proceed(b);
    }

    /** B-leg {@code b} answered: {@code a} (answered now if it was not) is bridged to it. */
    private void bridged(EmulatedChannel a, EmulatedChannel b) {
        if (!a.isAnswered()) {
            a.answeredAt = clock.instant();
            a.answerState = "answered";
            fireFull(a, "CHANNEL_ANSWER", "switch_channel.c", "switch_channel_perform_mark_answered", 3846, EslHeaders.EMPTY);
        }
        Instant now = clock.instant();
        a.dialing = null;
        a.bridgedAt = now;
        b.bridgedAt = now;
        a.other = b;
        a.otherType = "originatee";
        callState(a, "ACTIVE", "CS_EXECUTE", 4);
        fireFull(a, "CHANNEL_BRIDGE", "switch_ivr_bridge.c", "switch_ivr_multi_threaded_bridge", 1648,
                EslHeaders.builder().add("Bridge-A-Unique-ID", a.uuid).add("Bridge-B-Unique-ID", b.uuid).build());
        a.variables.put("bridge_uuid", b.uuid); // set once bridged: in the events after CHANNEL_BRIDGE (12b)
        CompletableFuture<String> originate = originates.remove(a.uuid);
        if (originate != null) {
            originate.complete("+OK " + a.uuid + "\n");
        }
    }

    /** The bridge of {@code a} found nobody: an answered {@code a} is ACTIVE again, then hangs up with the cause (14). */
    private void bridgeFailed(EmulatedChannel a, String cause) {
        if (a.isAnswered()) {
            callState(a, "ACTIVE", a.channelState, a.channelStateNumber);
        }
        hangup(a, cause);
    }

    /** {@code CHANNEL_UNBRIDGE} on the bridge's owner; with a cause when it is hanging up (it then says so, 12b). */
    void unbridge(EmulatedChannel owner, String hangupCause) {
        if (owner.other == null) {
            return;
        }
        if (hangupCause != null) {
            owner.answerState = "hangup";
            owner.hangupCause = hangupCause;
        }
        EslHeaders.Builder h = EslHeaders.builder().add("Bridge-A-Unique-ID", owner.uuid).add("Bridge-B-Unique-ID", owner.other.uuid);
        fireFull(owner, "CHANNEL_UNBRIDGE", "switch_ivr_bridge.c", "switch_ivr_multi_threaded_bridge", 1810, h.build());
    }

    /**
     * Ends {@code ch} with {@code cause}, and what goes with it: its loopback half, the other leg of its bridge (first
     * the bridged-to leg, then the bridge's owner with {@code CHANNEL_UNBRIDGE}, as recorded in 12b), a pending
     * originate.
     */
    void hangup(EmulatedChannel ch, String cause) {
        if (ch.hungUp) {
            return;
        }
        EmulatedChannel dialing = ch.dialing;
        ch.dialing = null;
        if (dialing != null && !dialing.hungUp) {
            // the caller gave up while the B-leg rang: CANCEL
            dialing.other = null;
            end(dialing, "ORIGINATOR_CANCEL");
        }
        EmulatedChannel partner = ch.other;
        boolean owner = partner != null && "originatee".equals(ch.otherType);
        if (owner && !partner.hungUp) {
            end(partner, "NORMAL_CLEARING");
            endLoopbackPartner(partner);
            unbridge(ch, cause);
        }
        end(ch, cause);
        endLoopbackPartner(ch);
        if (partner != null && !owner && !partner.hungUp && partner.other == ch) {
            // the bridged-to leg ended: the bridge returns and the owner hangs up (hangup_after_bridge)
            unbridge(partner, "NORMAL_CLEARING");
            end(partner, "NORMAL_CLEARING");
            endLoopbackPartner(partner);
        } else if (partner != null && !owner && !partner.hungUp && partner.other == null) {
            // a B-leg that failed before answering: the bridge fails, its caller ends with the same cause
            partner.dialing = null;
            bridgeFailed(partner, cause);
        }
    }

    private void endLoopbackPartner(EmulatedChannel ch) {
        EmulatedChannel half = loopbackPartner(ch);
        if (half != null && !half.hungUp) {
            end(half, ch.hangupCause);
        }
    }

    EmulatedChannel loopbackPartner(EmulatedChannel ch) {
        String other = ch.variables.get("other_loopback_leg_uuid");
        return other == null ? null : channels.get(other);
    }

    /** {@code CHANNEL_CALLSTATE} HANGUP and {@code CHANNEL_HANGUP_COMPLETE} with the accounting variables. */
    private void end(EmulatedChannel ch, String cause) {
        Instant now = clock.instant();
        ch.hungUp = true;
        ch.hungUpAt = now;
        ch.hangupCause = cause;
        ch.answerState = "hangup";
        callState(ch, "HANGUP", "CS_HANGUP", 10);
        ch.channelState = "CS_REPORTING";
        ch.channelStateNumber = 11;
        HangupVariables.add(ch, cause, now);
        fireFull(ch, "CHANNEL_HANGUP_COMPLETE", "switch_core_state_machine.c", "switch_core_session_reporting_state", 943,
                EslHeaders.builder().add("Hangup-Cause", cause).build());
        channels.remove(ch.uuid);
        CompletableFuture<String> originate = originates.remove(ch.uuid);
        if (originate != null) {
            originate.complete("-ERR " + cause + "\n");
        }
    }

    void dtmf(EmulatedChannel ch, String digit, String source) {
        EslHeaders.Builder h = EslHeaders.builder();
        ChannelHeaders.channel(h, ch);
        ChannelHeaders.caller(h, ch);
        h.add("DTMF-Digit", digit).add("DTMF-Duration", "2000").add("DTMF-Source", source);
        sink.fire("DTMF", "switch_channel.c", "switch_channel_dequeue_dtmf", 643, h.build());
    }

    // ---- events -----------------------------------------------------------------------------------------------------

    private EmulatedChannel newChannel(String name, String direction, String endpoint, String cidName, String cidNumber,
                                       String destination, String source, SipDevice device) {
        return newChannel(UUID.randomUUID().toString(), name, direction, endpoint, cidName, cidNumber, destination, source, device);
    }

    private EmulatedChannel newChannel(String uuid, String name, String direction, String endpoint, String cidName,
                                       String cidNumber, String destination, String source, SipDevice device) {
        EmulatedChannel ch = new EmulatedChannel(uuid, name, direction, endpoint, cidName, cidNumber, destination, source,
                clock.instant(), device);
        ch.variables.put("direction", direction);
        if (direction.equals("outbound")) {
            ch.variables.put("is_outbound", "true");
        }
        ch.variables.put("uuid", uuid);
        ch.variables.put("call_uuid", uuid);
        ch.variables.put("session_id", Long.toString(++sessions));
        ch.variables.put("channel_name", name);
        channels.put(uuid, ch);
        return ch;
    }

    private void created(EmulatedChannel ch) {
        fireFull(ch, "CHANNEL_CREATE", "switch_core_state_machine.c", "switch_core_session_run", 626, EslHeaders.EMPTY);
    }

    /** {@code CHANNEL_CALLSTATE} (no variables, as recorded) after moving the leg to {@code callState}. */
    void callState(EmulatedChannel ch, String callState, String channelState, int channelStateNumber) {
        String before = ch.callState;
        ch.callState = callState;
        ch.channelState = channelState;
        ch.channelStateNumber = channelStateNumber;
        if (callState.equals("RINGING") && ch.progressAt == null && ch.signalsHold()) {
            ch.progressAt = clock.instant();
        }
        if (callState.equals("RINGING") && ch.signalsHold()) {
            ch.networkAddr = "127.0.0.1"; // the device answered the INVITE
            if ("outbound".equals(ch.direction)) {
                ch.variables.put("sip_to_user", ch.destination);
            }
        }
        EslHeaders.Builder h = EslHeaders.builder().add("Original-Channel-Call-State", before)
                .add("Channel-Call-State-Number", Integer.toString(callStateNumber(callState)));
        ChannelHeaders.legs(h, ch);
        sink.fire("CHANNEL_CALLSTATE", "switch_channel.c", "switch_channel_perform_set_callstate", 301, h.build());
    }

    private static int callStateNumber(String callState) {
        return switch (callState) {
            case "DOWN" -> 0;
            case "DIALING" -> 1;
            case "RINGING" -> 2;
            case "EARLY" -> 3;
            case "ACTIVE" -> 4;
            case "HELD" -> 5;
            case "RING_WAIT" -> 6;
            case "HANGUP" -> 7;
            case "UNHELD" -> 8;
            default -> 0;
        };
    }

    /** An event with the whole channel: {@code extra}, channel block, caller, other leg, variables. */
    void fireFull(EmulatedChannel ch, String name, String file, String function, int line, EslHeaders extra) {
        EslHeaders.Builder h = EslHeaders.builder().addAll(extra);
        ChannelHeaders.legs(h, ch);
        ChannelHeaders.variables(h, ch);
        sink.fire(name, file, function, line, h.build());
    }
}
