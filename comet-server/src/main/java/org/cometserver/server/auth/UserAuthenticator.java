package org.cometserver.server.auth;

import org.cometserver.server.store.Store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * Decides whether a browser connection is its user's (cppcomet-protocol.md §3.6): the URL key equals the user's
 * {@code users_auth} hash, or is an HS256 JWT of that user ({@link JwtTokens}) not listed in {@code revoked_tokens}.
 * Blocks on the store: run it on an executor, never on an event loop.
 */
public final class UserAuthenticator {
    /** CppComet: {@code serverInfo.data} carries at most the 32 chars of the {@code users_auth.hash} column. */
    static final int MAX_HASH_LENGTH = 32;

    /** The outcome: authorised with the user's hash, or anonymous. */
    public record Authorization(boolean authorized, String hash) {
        public static final Authorization ANONYMOUS = new Authorization(false, "");
    }

    private final Store store;
    private final JwtTokens jwt;

    public UserAuthenticator(Store store, JwtTokens jwt) {
        this.store = store;
        this.jwt = jwt;
    }

    public Authorization authorize(int devId, long userId, String key) {
        if (userId <= 0 || key.isEmpty()) {
            return Authorization.ANONYMOUS;
        }
        String stored = store.auth().get(devId, List.of(userId)).get(userId);
        if (stored != null && MessageDigest.isEqual(bytes(stored), bytes(key))) {
            return authorized(stored);
        }
        if (!looksLikeJwt(key) || !isTokenOf(devId, userId, key)) {
            return Authorization.ANONYMOUS;
        }
        if (stored == null) {
            // CppComet: the first JWT login stores a random hash, so serverInfo.data gives the page a key (§3.6)
            stored = UUID.randomUUID().toString().replace("-", "");
            store.auth().put(devId, userId, stored);
        }
        return authorized(stored);
    }

    private boolean isTokenOf(int devId, long userId, String token) {
        OptionalLong tokenUser = jwt.userId(devId, token);
        return tokenUser.isPresent() && tokenUser.getAsLong() == userId
                && store.revokedTokens().get(devId, List.of(token)).isEmpty();
    }

    private static Authorization authorized(String hash) {
        return new Authorization(true, hash.length() > MAX_HASH_LENGTH ? hash.substring(0, MAX_HASH_LENGTH) : hash);
    }

    private static boolean looksLikeJwt(String key) {
        int first = key.indexOf('.');
        return first > 0 && key.indexOf('.', first + 1) > first;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
