package org.cometserver.xmlcurl.directory;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SipUserNameTest {

    @Test
    void sixDigitDevIdThenUserId() {
        assertEquals(Optional.of(new SipUserName(0, 5)), SipUserName.parse("0000005"));
        assertEquals(Optional.of(new SipUserName(0, 12)), SipUserName.parse("00000012"));
        assertEquals(Optional.of(new SipUserName(123, 456789)), SipUserName.parse("000123456789"));
        assertEquals(Optional.of(new SipUserName(999999, 999999999)), SipUserName.parse("999999999999999"));
    }

    @Test
    void guestsHaveTenDigitsStartingWithOne() {
        assertEquals(Optional.of(new SipUserName(0, 1_000_000_007L)), SipUserName.parse("0000001000000007"));
        assertEquals("0000421000000007", new SipUserName(42, 1_000_000_007L).toString());
    }

    @Test
    void printsAsTheBrowserRegisters() {
        assertEquals("0000005", new SipUserName(0, 5).toString());
        assertEquals("000042123", new SipUserName(42, 123).toString());
    }

    @Test
    void everythingElseIsNoUser() {
        for (String name : new String[] {"", "1000", "12345", "000000", "alice", "0000000", "00000005",
                "0000000005", "000000a5", "0000005 ", "-000005", "+000005", "0000002234567890", "00000012345678901", "٠٠٠٠٠٠5"}) {
            assertTrue(SipUserName.parse(name).isEmpty(), name);
        }
    }
}
