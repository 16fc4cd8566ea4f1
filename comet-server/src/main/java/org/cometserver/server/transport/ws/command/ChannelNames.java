package org.cometserver.server.transport.ws.command;

/** CppComet's channel and event name rules (docs/CPPCOMET.md §3.5): {@code [A-Za-z0-9_-]}, shorter than 64. */
final class ChannelNames {
    /** CppComet: names of 64 chars or more are refused. */
    static final int MAX_LENGTH = 63;

    private ChannelNames() {
    }

    static boolean isNameChar(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-';
    }

    static boolean isValid(String name) {
        if (name.isEmpty() || name.length() > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            if (!isNameChar(name.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** The {@code index}-th line of {@code args} ({@code \n}-separated), empty when absent. */
    static String line(String args, int index) {
        int from = 0;
        for (int i = 0; i < index; i++) {
            int newline = args.indexOf('\n', from);
            if (newline < 0) {
                return "";
            }
            from = newline + 1;
        }
        int end = args.indexOf('\n', from);
        return end < 0 ? args.substring(from) : args.substring(from, end);
    }
}
