package org.cometserver.esl.conference;

import java.util.regex.Pattern;

/**
 * Checks the words the bridge puts into FreeSWITCH command lines. A space would shift mod_conference's arguments, and
 * {@code ( ) { } , '} would break out of an originate's {@code {vars}} or {@code &conference(...)}; such values are
 * refused before anything is sent.
 */
public final class ConferenceNames {

    /** Conference names as the comet dialplan builds them: {@code <dev>*<room>-<domain>}, plus {@code @ . _ - +}. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9*#_.+@-]{1,128}");
    private static final Pattern PROFILE = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    /** sofia/internal/1000@example.com, user/1000, loopback/0*3000*default/default, sofia/gateway/gw1/+4930123 */
    private static final Pattern DIAL_STRING = Pattern.compile("[A-Za-z0-9*#_.+@:/%=;-]{1,256}");
    private static final Pattern CALLER_ID_NUMBER = Pattern.compile("[A-Za-z0-9*#_.+-]{0,64}");

    private ConferenceNames() {
    }

    public static String requireValid(String conference) {
        return require("conference name", conference, NAME);
    }

    public static String requireProfile(String profile) {
        return require("conference profile", profile, PROFILE);
    }

    public static String requireDialString(String dialString) {
        return require("dial string", dialString, DIAL_STRING);
    }

    public static String requireCallerIdNumber(String number) {
        return require("caller id number", number, CALLER_ID_NUMBER);
    }

    /** Display names may contain spaces (sent single-quoted) but no quote, comma, brace or line break. */
    public static String requireCallerIdName(String name) {
        if (name == null || name.length() > 64 || name.chars().anyMatch(c -> c < 0x20 || "'\",{}()".indexOf(c) >= 0)) {
            throw new IllegalArgumentException("caller id name: " + name + " (expected: up to 64 characters without ' \" , { } ( ) or control characters)");
        }
        return name;
    }

    private static String require(String what, String value, Pattern pattern) {
        if (value == null || !pattern.matcher(value).matches()) {
            throw new IllegalArgumentException(what + ": " + value + " (expected: " + pattern.pattern() + ")");
        }
        return value;
    }
}
