package org.cometserver.cometql.session;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LoginExchangeTest {

    @Test
    void prefixesVersionsConnectorJWouldReadAsPre51() {
        assertEquals("5.7.99-CppComet community 4.09 (AGPL license)",
                LoginExchange.handshakeVersion("CppComet community 4.09 (AGPL license)"));
        assertEquals("5.7.99-4.09", LoginExchange.handshakeVersion("4.09"));
        assertEquals("8.0.36-comet", LoginExchange.handshakeVersion("8.0.36-comet"));
        assertEquals("10.11.6", LoginExchange.handshakeVersion("10.11.6"));
    }
}
