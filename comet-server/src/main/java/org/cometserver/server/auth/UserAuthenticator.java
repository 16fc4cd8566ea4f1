package org.cometserver.server.auth;

import org.cometserver.server.store.Store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * Decides whether a browser connection is its user's (docs/CPPCOMET.md §3.6): the URL key equals the user's
 * {@code users_auth} hash, or is an HS256 JWT of that user ({@link JwtTokens}) not listed in {@code revoked_tokens}.
 * Blocks on the store: run it on an executor, never on an event loop.
 */
public final class UserAuthenticator {
    /** CppComet: {@code serverInfo.data} carries at most the 32 chars of the {@code users_auth.hash} column. */
    static final int MAX_HASH_LENGTH = 32;

    /**
     * The outcome: authorised with the user's hash, or anonymous; {@code keyRefused} when a key was presented and is
     * neither the hash nor a valid token of the user (a failed login).
     */
    public record Authorization(boolean authorized, String hash, boolean keyRefused) {
        public static final Authorization ANONYMOUS = new Authorization(false, "", false);
        static final Authorization REFUSED = new Authorization(false, "", true);
    }

    private final Store store;
    private final JwtTokens jwt;
    private final boolean acceptsTokens;

    /**
     * @param acceptsTokens false while {@code [main] password}, the JWT secret, is the guessable default: tokens are
     *                      then refused like wrong keys
     */
    public UserAuthenticator(Store store, JwtTokens jwt, boolean acceptsTokens) {
        this.store = store;
        this.jwt = jwt;
        this.acceptsTokens = acceptsTokens;
    }

    /** Whether a connection URL attempts a login: a user id and a non-empty key (else it is simply anonymous). */
    public static boolean presentsKey(long userId, String key) {
        return userId > 0 && !key.isEmpty();
    }

    public Authorization authorize(int devId, long userId, String key) {
        if (!presentsKey(userId, key)) {
            return Authorization.ANONYMOUS;
        }
        String stored = store.auth().get(devId, List.of(userId)).get(userId);
        if (stored != null && MessageDigest.isEqual(bytes(stored), bytes(key))) {
            return authorized(stored);
        }
        if (!acceptsTokens || !looksLikeJwt(key) || !isTokenOf(devId, userId, key)) {
            return Authorization.REFUSED;
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
        return new Authorization(true, hash.length() > MAX_HASH_LENGTH ? hash.substring(0, MAX_HASH_LENGTH) : hash,
                false);
    }

    private static boolean looksLikeJwt(String key) {
        int first = key.indexOf('.');
        return first > 0 && key.indexOf('.', first + 1) > first;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
