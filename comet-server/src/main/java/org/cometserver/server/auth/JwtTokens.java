package org.cometserver.server.auth;

import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTVerifier;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.exceptions.JWTVerificationException;
import com.auth0.jwt.interfaces.Claim;
import com.auth0.jwt.interfaces.DecodedJWT;

import java.time.Clock;
import java.util.OptionalLong;

/**
 * CppComet's JWT login tokens (docs/CPPCOMET.md §3.6): HS256, secret = {@code [main] password} followed by the
 * decimal dev_id, claims {@code user_id} and {@code exp} both required, {@code exp} not in the past.
 */
public final class JwtTokens {
    private final String password;
    private final Clock clock;

    public JwtTokens(String password, Clock clock) {
        this.password = password;
        this.clock = clock;
    }

    /** The {@code user_id} of a valid token of this dev_id, or empty when the token is not one. */
    public OptionalLong userId(int devId, String token) {
        try {
            // BaseVerification is the only Verification; its build(Clock) lets tests fix the time
            JWTVerifier.BaseVerification verification = (JWTVerifier.BaseVerification) JWT
                    .require(Algorithm.HMAC256(password + devId))
                    .withClaimPresence("user_id")
                    .withClaimPresence("exp");
            JWTVerifier verifier = verification.build(clock);
            DecodedJWT jwt = verifier.verify(token);
            return userIdClaim(jwt.getClaim("user_id"));
        } catch (JWTVerificationException | IllegalArgumentException e) {
            return OptionalLong.empty();
        }
    }

    /** Issues a token (tests and tools): the inverse of {@link #userId}. */
    public String issue(int devId, long userId, long expiresAtSeconds) {
        return JWT.create()
                .withClaim("user_id", userId)
                .withClaim("exp", expiresAtSeconds)
                .sign(Algorithm.HMAC256(password + devId));
    }

    private static OptionalLong userIdClaim(Claim claim) {
        Long number = claim.asLong();
        if (number != null) {
            return OptionalLong.of(number);
        }
        String text = claim.asString();
        if (text != null && text.matches("\\d{1,18}")) {
            return OptionalLong.of(Long.parseLong(text));
        }
        return OptionalLong.empty();
    }
}
