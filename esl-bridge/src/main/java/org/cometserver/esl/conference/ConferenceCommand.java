package org.cometserver.esl.conference;

import java.util.regex.Pattern;

/**
 * The commands of mod_conference this bridge sends ({@code conference <name> <verb> [<argument>]}) and the reply that
 * means success, as recorded from FreeSWITCH 1.10.12 (10-conference-member-control, 11-conference-recording, 03, 05,
 * 15-conference-room-control). Any other reply ({@code -ERR Conference <name> not found}, {@code -ERR Non-Existant ID
 * <id>}, {@code -ERR Conference is not in mixing mode}, {@code -ERR no reply}, a usage line) is a refusal.
 * <p>
 * Member commands take a member id; room commands take nothing, a count, a file path or a layout name. One table,
 * one send path ({@code ConferenceControl.conferenceCommand}): add a verb here, not a method elsewhere.
 */
public enum ConferenceCommand {
    KICK("kick", Argument.MEMBER, "+OK kicked %2$s"),
    HUP("hup", Argument.MEMBER, "+OK hup %2$s"),
    MUTE("mute", Argument.MEMBER, "+OK mute %2$s"),
    UNMUTE("unmute", Argument.MEMBER, "+OK unmute %2$s"),
    DEAF("deaf", Argument.MEMBER, "+OK deaf %2$s"),
    UNDEAF("undeaf", Argument.MEMBER, "+OK undeaf %2$s"),
    VMUTE("vmute", Argument.MEMBER, "+OK vmute %2$s"),
    UNVMUTE("unvmute", Argument.MEMBER, "+OK unvmute %2$s"),
    /** Member hold: music on hold, hears and is heard by nobody (used while waiting for the moderator). */
    HOLD("hold", Argument.MEMBER, "+OK hold %2$s"),
    UNHOLD("unhold", Argument.MEMBER, "+OK unhold %2$s"),
    /**
     * Video floor, forced: the member is shown in the floor position of the layout. A stock 1.10 answers
     * {@code -ERR no reply} for a member without video (it logs "does not have video capability!").
     */
    VID_FLOOR("vid-floor", Argument.MEMBER_FORCE, null),
    /** Every member, one reply line each ({@code +OK kicked <id>}); ends the room. */
    KICK_ALL("kick all", Argument.NONE, null),
    LOCK("lock", Argument.NONE, "+OK %1$s locked"),
    UNLOCK("unlock", Argument.NONE, "+OK %1$s unlocked"),
    /** Replies the previous value alone (a number, no {@code +OK}, no newline). */
    SET_MAX_MEMBERS("set max_members", Argument.COUNT, null),
    /** {@code +OK Record file <path>}, with {@code  canvas 1} after it in a video-mux room (recording 20). */
    RECORDING_START("recording start", Argument.PATH, null),
    /** {@code Stopped recording file <path>} then {@code +OK Stopped recording 0 files} (the count lags). */
    RECORDING_STOP("recording stop", Argument.PATH, null),
    /** Only in a video-mux profile; {@code -ERR Conference is not in mixing mode} otherwise. */
    VID_LAYOUT("vid-layout", Argument.LAYOUT, null),
    /** Plays a file or {@code tone_stream://} to the whole room. */
    PLAY("play", Argument.PATH, "+OK (play) Playing file %2$s");

    /** What follows the verb. */
    public enum Argument {
        NONE(null), MEMBER(Pattern.compile("[1-9][0-9]{0,9}")), MEMBER_FORCE(Pattern.compile("[1-9][0-9]{0,9}")),
        COUNT(Pattern.compile("[0-9]{1,9}")),
        /** No white space or control characters: the api line must stay one line of one argument. */
        PATH(Pattern.compile("[A-Za-z0-9_./:%(),=+@*#-]{1,255}")),
        LAYOUT(Pattern.compile("[A-Za-z0-9_+:.-]{1,64}"));

        private final Pattern pattern;

        Argument(Pattern pattern) {
            this.pattern = pattern;
        }
    }

    private final String verb;
    private final Argument argument;
    /** {@code %1$s} the conference, {@code %2$s} the argument; null: checked in {@link #isSuccess}. */
    private final String success;

    ConferenceCommand(String verb, Argument argument, String success) {
        this.verb = verb;
        this.argument = argument;
        this.success = success;
    }

    public String verb() {
        return verb;
    }

    public Argument argument() {
        return argument;
    }

    /** The {@code api} argument of a member command: {@code conference <name> <verb> <id>}. */
    public String apiLine(String conference, int memberId) {
        if (memberId <= 0) {
            throw new IllegalArgumentException("member id: " + memberId + " (expected: > 0)");
        }
        return apiLine(conference, Integer.toString(memberId));
    }

    /**
     * The {@code api} argument: {@code conference <name> <verb> [<argument>]}; {@code argument} is null for
     * {@link Argument#NONE}. Throws {@link IllegalArgumentException} for a name or argument that cannot be sent as is.
     */
    public String apiLine(String conference, String argument) {
        ConferenceNames.requireValid(conference);
        if (this.argument == Argument.NONE) {
            if (argument != null) {
                throw new IllegalArgumentException(verb + " takes no argument");
            }
            return "conference " + conference + " " + verb;
        }
        if (argument == null || !this.argument.pattern.matcher(argument).matches()) {
            throw new IllegalArgumentException(verb + ": invalid argument '" + argument + "'");
        }
        String suffix = this.argument == Argument.MEMBER_FORCE ? " force" : "";
        return "conference " + conference + " " + verb + " " + argument + suffix;
    }

    /** True only for FreeSWITCH's success line for exactly this member. */
    public boolean isSuccess(String reply, int memberId) {
        return isSuccess(reply, null, Integer.toString(memberId));
    }

    /** True only for FreeSWITCH's success reply to this command on {@code conference} with {@code argument}. */
    public boolean isSuccess(String reply, String conference, String argument) {
        String r = reply.strip();
        if (success != null) {
            return r.equals(String.format(success, conference, argument));
        }
        return switch (this) {
            case SET_MAX_MEMBERS -> r.matches("-?[0-9]{1,10}");
            case RECORDING_START -> r.equals("+OK Record file " + argument)
                    || r.matches(Pattern.quote("+OK Record file " + argument) + " canvas [0-9]+");
            case RECORDING_STOP -> !r.contains("-ERR") && r.matches("(?s)(.*\n)?\\+OK Stopped recording [0-9]+ files");
            case KICK_ALL -> !r.isEmpty() && r.lines().allMatch(l -> l.matches("\\+OK kicked [0-9]+"));
            case VID_LAYOUT -> r.startsWith("+OK Change canvas ") || r.startsWith("+OK Change to layout group ");
            case VID_FLOOR -> r.startsWith("+OK");
            default -> false;
        };
    }
}
