package org.cometserver.server.auth;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;

class JwtTokensTest {
    /** Signed independently (Python hmac) with secret "CometQLPassword1": password + dev_id 1. */
    private static final String NUMERIC_USER = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9."
            + "eyJ1c2VyX2lkIjo1LCJleHAiOjk5OTk5OTk5OTl9.7sbqCxkoUDDWJiLY2kLHOqqcasvq5bGdVPODgnn3rCk";
    private static final String STRING_USER = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9."
            + "eyJ1c2VyX2lkIjoiNiIsImV4cCI6OTk5OTk5OTk5OX0.j1se7M3GuCzDYmArsu9i2oh4FhyceAonA-dMlLbs1Pc";
    private static final String NO_EXP = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9."
            + "eyJ1c2VyX2lkIjo1fQ.g0uM0_D5cd6_-6nh2hgkESCuP0ggSLUQkVdXIod7-eo";

    private final Clock now = Clock.fixed(Instant.ofEpochSecond(1_700_000_000L), ZoneOffset.UTC);
    private final JwtTokens tokens = new JwtTokens("CometQLPassword", now);

    @Test
    void secretIsPasswordFollowedByDevId() {
        assertEquals(OptionalLong.of(5), tokens.userId(1, NUMERIC_USER));
        assertEquals(OptionalLong.of(6), tokens.userId(1, STRING_USER));
        assertEquals(OptionalLong.empty(), tokens.userId(0, NUMERIC_USER), "other dev_id, other secret");
        assertEquals(OptionalLong.empty(), new JwtTokens("other", now).userId(1, NUMERIC_USER));
    }

    @Test
    void expIsRequiredAndChecked() {
        assertEquals(OptionalLong.empty(), tokens.userId(1, NO_EXP));
        assertEquals(OptionalLong.empty(), tokens.userId(1, tokens.issue(1, 5, 1_699_999_999L)));
        assertEquals(OptionalLong.of(5), tokens.userId(1, tokens.issue(1, 5, 1_700_000_100L)));
        assertEquals(OptionalLong.empty(), tokens.userId(1, "garbage"));
    }
}
