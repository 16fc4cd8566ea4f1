package org.cometserver.esl.conference;

/**
 * The member commands of mod_conference this bridge sends ({@code conference <name> <verb> <member-id>}) and the reply
 * that means success, as recorded (10-conference-member-control, 03, 05). Any other reply ({@code -ERR Conference <name>
 * not found}, {@code -ERR Non-Existant ID <id>}, a usage line) is a refusal.
 */
public enum ConferenceCommand {
    KICK("kick", "+OK kicked "),
    HUP("hup", "+OK hup "),
    MUTE("mute", "+OK mute "),
    UNMUTE("unmute", "+OK unmute "),
    DEAF("deaf", "+OK deaf "),
    UNDEAF("undeaf", "+OK undeaf "),
    VMUTE("vmute", "+OK vmute "),
    UNVMUTE("unvmute", "+OK unvmute ");

    private final String verb;
    private final String successPrefix;

    ConferenceCommand(String verb, String successPrefix) {
        this.verb = verb;
        this.successPrefix = successPrefix;
    }

    public String verb() {
        return verb;
    }

    /** The {@code api} argument: {@code conference <name> <verb> <id>}. */
    public String apiLine(String conference, int memberId) {
        ConferenceNames.requireValid(conference);
        if (memberId <= 0) {
            throw new IllegalArgumentException("member id: " + memberId + " (expected: > 0)");
        }
        return "conference " + conference + " " + verb + " " + memberId;
    }

    /** True only for FreeSWITCH's success line for exactly this member. */
    public boolean isSuccess(String reply, int memberId) {
        return reply.strip().equals(successPrefix + memberId);
    }
}
