package org.cometserver.xmlcurl.spi;

/**
 * What the directory serves for one SIP user.
 *
 * @param password  the SIP password
 * @param guestRoom null for a user of {@code users_auth}; for a conference guest the {@code <dev_id>*<room>} its pass
 *                  is for: the entry then gets {@code user_context=comet_guest} and the variable
 *                  {@code comet_guest_room}, which freeswitch-conf's {@code comet_guest} dialplan compares with the
 *                  number dialled
 */
public record DirectoryUser(String password, String guestRoom) {

    /** A {@code users_auth} user: CppComet's entry. */
    public static DirectoryUser of(String password) {
        return new DirectoryUser(password, null);
    }
}
