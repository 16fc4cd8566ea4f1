package org.cometserver.server.wiring;

import org.cometserver.server.store.AuthStore;
import org.cometserver.server.store.GuestStore;
import org.cometserver.xmlcurl.spi.DirectoryUser;
import org.cometserver.xmlcurl.spi.DirectoryUsers;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * SIP users for FreeSWITCH's directory: a user's SIP password is the {@code users_auth} hash the browser logs in
 * with (docs/CPPCOMET.md §4.4). The store is read on {@code executor}, never on the endpoint's event loop; a full
 * executor fails the future (the endpoint answers 503).
 * <p>
 * Guests ({@link GuestIds}): the directory answers for a guest's SIP name only while its pass is redeemed and not
 * expired, with the password the redeeming browser got, in the {@code comet_guest} dialplan context with its room
 * (docs/GUESTS.md); ids of nine digits or fewer come from {@code users_auth}.
 */
public final class StoreDirectoryUsers implements DirectoryUsers {
    /** CppComet's SIP names carry at most nine digits of user id (docs/CPPCOMET.md §4.4). */
    private static final long MAX_USER_ID = 999_999_999L;

    private final AuthStore auth;
    private final GuestStore guests;
    private final Clock clock;
    private final Executor executor;

    public StoreDirectoryUsers(AuthStore auth, GuestStore guests, Clock clock, Executor executor) {
        this.auth = auth;
        this.guests = guests;
        this.clock = clock;
        this.executor = executor;
    }

    @Override
    public CompletableFuture<Optional<String>> sipPassword(int devId, long userId) {
        return user(devId, userId).thenApply(user -> user.map(DirectoryUser::password));
    }

    @Override
    public CompletableFuture<Optional<DirectoryUser>> user(int devId, long userId) {
        return CompletableFuture.supplyAsync(() -> lookup(devId, userId), executor);
    }

    private Optional<DirectoryUser> lookup(int devId, long userId) {
        if (GuestIds.isGuest(userId)) {
            long now = clock.instant().getEpochSecond();
            return guests.bySeqs(devId, List.of(GuestIds.seqOf(userId))).stream()
                    .filter(pass -> pass.activeAt(now))
                    .map(pass -> new DirectoryUser(pass.sipPassword(), devId + "*" + pass.name())).findFirst();
        }
        if (userId > MAX_USER_ID) {
            return Optional.empty();
        }
        return Optional.ofNullable(auth.get(devId, List.of(userId)).get(userId)).map(DirectoryUser::of);
    }
}
