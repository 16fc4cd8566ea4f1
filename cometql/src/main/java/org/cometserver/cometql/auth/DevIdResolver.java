package org.cometserver.cometql.auth;

import org.cometserver.cometql.error.CometQlErrors;
import org.cometserver.cometql.error.CometQlException;

/**
 * Login user name → dev_id (the tenant). CppComet: {@code atoi(user)}, so {@code root} and any other
 * non-numeric name are dev_id 0, {@code 15} is dev_id 15; an id outside {@code 0…devIndexSize-1} is refused.
 */
public final class DevIdResolver {
    private DevIdResolver() {
    }

    public static int devId(String user, int devIndexSize) {
        long value = 0;
        int i = 0;
        boolean negative = false;
        if (!user.isEmpty() && (user.charAt(0) == '-' || user.charAt(0) == '+')) {
            negative = user.charAt(0) == '-';
            i = 1;
        }
        for (; i < user.length() && user.charAt(i) >= '0' && user.charAt(i) <= '9' && value < devIndexSize; i++) {
            value = value * 10 + (user.charAt(i) - '0');
        }
        if (negative && value != 0 || value >= devIndexSize) {
            throw new CometQlException(CometQlErrors.AUTH_FAILURE, "Invalid dev_id value");
        }
        return (int) value;
    }
}
