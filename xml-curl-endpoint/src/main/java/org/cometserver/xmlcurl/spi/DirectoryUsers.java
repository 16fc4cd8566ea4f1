package org.cometserver.xmlcurl.spi;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The SIP users this endpoint serves to FreeSWITCH. {@code comet-server} implements it over {@code users_auth}: the
 * SIP password of a user is the hash the browser logged in with (docs/CPPCOMET.md §4.4).
 */
public interface DirectoryUsers {

    /**
     * Looks up the SIP password of one user.
     *
     * <p>Called on a Netty event loop: the implementation must return at once and complete the future from its own
     * executor if the answer needs the store. A future that fails, or is not complete within
     * {@code XmlCurlConfig.lookupTimeout}, is answered {@code 503} (FreeSWITCH then logs the error and falls back to
     * its static directory).
     *
     * @param devId  the tenant, 0 … 999999 (first six digits of the SIP user name)
     * @param userId the user, 1 … 999999999 (the digits after them)
     * @return the password, or empty when the user has none (answered FreeSWITCH's {@code not found})
     */
    CompletableFuture<Optional<String>> sipPassword(int devId, long userId);

    /**
     * Looks up one user's entry, under the same rules as {@link #sipPassword}; what the endpoint calls. By default a
     * {@code users_auth} user with that password; implementations that serve conference guests override it.
     */
    default CompletableFuture<Optional<DirectoryUser>> user(int devId, long userId) {
        return sipPassword(devId, userId).thenApply(password -> password.map(DirectoryUser::of));
    }
}
