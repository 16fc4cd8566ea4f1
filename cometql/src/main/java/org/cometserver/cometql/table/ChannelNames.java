package org.cometserver.cometql.table;

import org.cometserver.cometql.error.CometQlErrors;
import org.cometserver.cometql.error.CometQlException;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;

/** CppComet's rules for channel ("pipe") and event names (docs/CPPCOMET.md §2.5). */
public final class ChannelNames {
    public static final int MIN_LENGTH = 3;
    public static final int MAX_LENGTH = 64;
    private static final String INVALID_CHARACTERS = "The channel name can contain only the characters A-Za-z0-9_-";

    private ChannelNames() {
    }

    /** Whether every character is one of {@code [A-Za-z0-9_-]}. */
    public static boolean hasValidCharacters(String name) {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'
                    || c == '-';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    public static boolean isValid(String name) {
        return name.length() >= MIN_LENGTH && name.length() <= MAX_LENGTH && hasValidCharacters(name);
    }

    /** Valid names of a WHERE list, each once, in the order given. CppComet: invalid names are skipped silently. */
    public static List<String> validOnly(Collection<String> names) {
        List<String> valid = new ArrayList<>();
        for (String name : new LinkedHashSet<>(names)) {
            if (isValid(name)) {
                valid.add(name);
            }
        }
        return valid;
    }

    /** Checks a channel name given to INSERT; CppComet's codes: 11 too long, 17 too short, 12 bad characters. */
    public static void checkForInsert(String name) {
        if (name.length() > MAX_LENGTH) {
            throw new CometQlException(CometQlErrors.TOO_LONG, "Channel name is too long");
        }
        if (name.length() < MIN_LENGTH) {
            throw new CometQlException(CometQlErrors.TOO_SHORT, "Channel name is too short");
        }
        if (!hasValidCharacters(name)) {
            throw new CometQlException(CometQlErrors.INVALID_DATA, INVALID_CHARACTERS);
        }
    }

    /** Checks an event name: may be empty, at most 64 characters of {@code [A-Za-z0-9_-]}. */
    public static void checkEvent(String event) {
        if (event.length() > MAX_LENGTH) {
            throw new CometQlException(CometQlErrors.TOO_LONG, "Channel event_name is too long");
        }
        if (!hasValidCharacters(event)) {
            throw new CometQlException(CometQlErrors.INVALID_DATA, INVALID_CHARACTERS);
        }
    }
}
