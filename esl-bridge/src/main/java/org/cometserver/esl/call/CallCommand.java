package org.cometserver.esl.call;

import java.util.regex.Pattern;

/**
 * The call-control commands of mod_commands this bridge sends ({@code api uuid_* <uuid> ...}), each with the check of its
 * argument and the reply that means success, as recorded from FreeSWITCH 1.10.12 (12-call-control-loopback,
 * 12b-call-control-sip-hold, 13-failure-views):
 * <table>
 * <caption>commands and replies</caption>
 * <tr><th>command</th><th>line</th><th>argument</th><th>success</th><th>refusals seen</th></tr>
 * <tr><td>{@link #HOLD}</td><td>{@code uuid_hold <uuid>}</td><td>none</td><td>{@code +OK Success}</td>
 *     <td>{@code -ERR Operation failed} (already held)</td></tr>
 * <tr><td>{@link #UNHOLD}</td><td>{@code uuid_hold off <uuid>}</td><td>none</td><td>{@code +OK Success}</td>
 *     <td>{@code -ERR Operation failed} (not held; always on loopback legs, which never reach call state HELD)</td></tr>
 * <tr><td>{@link #SEND_DTMF}</td><td>{@code uuid_send_dtmf <uuid> <digits>}</td><td>1–64 of {@code 0-9 * # A-D a-d w W}
 *     ({@code w}/{@code W}: pause)</td><td>{@code +OK <uuid> sent DTMF <digits>.}</td>
 *     <td>{@code -ERR Cannot locate session!}</td></tr>
 * <tr><td>{@link #TRANSFER}</td><td>{@code uuid_transfer <uuid> <destination> [<dialplan> [<context>]]}</td>
 *     <td>an extension, optionally with dialplan ({@code XML}) and context, words of {@code A-Z a-z 0-9 * # + _ . @ -};
 *     or {@code bridge:<dial string> inline} (FreeSWITCH's inline dialplan: the leg bridges to the dial string, of
 *     {@code A-Z a-z 0-9 * # + _ . @ / : -}; no comma or space, which would start another inline application)</td>
 *     <td>{@code +OK}</td><td>{@code -ERR No such channel!}</td></tr>
 * <tr><td>{@link #KILL}</td><td>{@code uuid_kill <uuid> [<cause>]}</td><td>none or a hangup cause
 *     ({@code CALL_REJECTED})</td><td>{@code +OK}</td><td>{@code -ERR No such channel!}</td></tr>
 * </table>
 * Caution, recorded in 13: {@code uuid_hold} and {@code uuid_hold off} answer {@code +OK Success} for a uuid that does
 * not exist; the bridge therefore refuses {@link #HOLD} and {@link #UNHOLD} for a uuid it does not know as a live
 * channel of the node (see {@link #needsKnownChannel()}).
 */
public enum CallCommand {
    HOLD("uuid_hold", false),
    UNHOLD("uuid_hold off", false),
    SEND_DTMF("uuid_send_dtmf", true),
    TRANSFER("uuid_transfer", true),
    KILL("uuid_kill", false);

    /** FreeSWITCH's channel uuids ({@code switch_uuid}), and our {@code origination_uuid}s. */
    static final Pattern UUID = Pattern.compile("[0-9A-Za-z-]{1,64}");
    private static final Pattern DIGITS = Pattern.compile("[0-9*#A-Da-dwW]{1,64}");
    private static final Pattern TRANSFER_WORD = Pattern.compile("[A-Za-z0-9*#+_.@-]{1,128}");
    private static final Pattern INLINE_BRIDGE = Pattern.compile("bridge:[A-Za-z0-9*#+_.@/:-]{1,200}");
    private static final String INLINE = "inline";
    private static final Pattern CAUSE = Pattern.compile("[A-Z_]{1,64}");

    private final String verb;
    private final boolean argumentRequired;

    CallCommand(String verb, boolean argumentRequired) {
        this.verb = verb;
        this.argumentRequired = argumentRequired;
    }

    /** {@code uuid_hold}, {@code uuid_hold off}, ... */
    public String verb() {
        return verb;
    }

    /**
     * The {@code api} argument line, after checking {@code uuid} and {@code argument} (null or blank = none).
     *
     * @throws IllegalArgumentException if either cannot be sent as given; nothing is sent then
     */
    public String apiLine(String uuid, String argument) {
        if (uuid == null || !UUID.matcher(uuid).matches()) {
            throw new IllegalArgumentException("channel uuid: " + uuid + " (expected: " + UUID.pattern() + ")");
        }
        String arg = argument == null ? "" : argument.strip();
        if (arg.isEmpty()) {
            if (argumentRequired) {
                throw new IllegalArgumentException(name() + ": argument required");
            }
            return verb + " " + uuid;
        }
        switch (this) {
            case HOLD, UNHOLD -> throw new IllegalArgumentException(name() + " takes no argument: " + arg);
            case SEND_DTMF -> require("DTMF digits", arg, DIGITS);
            case TRANSFER -> {
                String[] words = arg.split(" +");
                if (words.length > 3) {
                    throw new IllegalArgumentException("transfer: " + arg + " (expected: <destination> [<dialplan> [<context>]])");
                }
                if (words.length == 2 && words[1].equals(INLINE)) {
                    require("inline transfer", words[0], INLINE_BRIDGE);
                } else {
                    for (String w : words) {
                        require("transfer destination", w, TRANSFER_WORD);
                    }
                }
                arg = String.join(" ", words);
            }
            case KILL -> require("hangup cause", arg, CAUSE);
        }
        return verb + " " + uuid + " " + arg;
    }

    /** True only for FreeSWITCH's success reply to this command (the argument as sent by {@link #apiLine}). */
    public boolean isSuccess(String reply, String uuid, String argument) {
        String r = reply == null ? "" : reply.strip();
        return switch (this) {
            case HOLD, UNHOLD -> r.equals("+OK Success");
            case SEND_DTMF -> r.equals("+OK " + uuid + " sent DTMF " + argument.strip() + ".");
            case TRANSFER, KILL -> r.equals("+OK");
        };
    }

    /**
     * True when FreeSWITCH's reply cannot be trusted for an unknown uuid ({@code uuid_hold} answers {@code +OK Success}),
     * so the bridge checks its channel table first.
     */
    public boolean needsKnownChannel() {
        return this == HOLD || this == UNHOLD;
    }

    private static void require(String what, String value, Pattern pattern) {
        if (!pattern.matcher(value).matches()) {
            throw new IllegalArgumentException(what + ": " + value + " (expected: " + pattern.pattern() + ")");
        }
    }
}
