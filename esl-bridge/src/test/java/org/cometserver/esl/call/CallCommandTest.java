package org.cometserver.esl.call;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Command lines and success tests against the replies recorded in 12, 12b and 13. */
class CallCommandTest {

    private static final String UUID = "e77a0756-c902-44e1-aae2-4f4d39d8fd6f";

    @Test
    void linesAsRecorded() {
        assertEquals("uuid_hold " + UUID, CallCommand.HOLD.apiLine(UUID, null));
        assertEquals("uuid_hold off " + UUID, CallCommand.UNHOLD.apiLine(UUID, ""));
        assertEquals("uuid_send_dtmf " + UUID + " 12#", CallCommand.SEND_DTMF.apiLine(UUID, "12#"));
        assertEquals("uuid_transfer " + UUID + " 0*3012*default XML default",
                CallCommand.TRANSFER.apiLine(UUID, "0*3012*default  XML default"));
        assertEquals("uuid_transfer " + UUID + " bridge:sofia/gateway/gw1/+4930123 inline",
                CallCommand.TRANSFER.apiLine(UUID, "bridge:sofia/gateway/gw1/+4930123 inline"));
        assertEquals("uuid_kill " + UUID, CallCommand.KILL.apiLine(UUID, null));
        assertEquals("uuid_kill " + UUID + " CALL_REJECTED", CallCommand.KILL.apiLine(UUID, "CALL_REJECTED"));
    }

    @Test
    void successRepliesAsRecorded() {
        assertTrue(CallCommand.HOLD.isSuccess("+OK Success\n", UUID, null));
        assertFalse(CallCommand.HOLD.isSuccess("-ERR Operation failed\n", UUID, null));
        assertTrue(CallCommand.UNHOLD.isSuccess("+OK Success\n", UUID, null));
        assertFalse(CallCommand.UNHOLD.isSuccess("-ERR Operation failed\n", UUID, null));
        assertTrue(CallCommand.SEND_DTMF.isSuccess("+OK " + UUID + " sent DTMF 12.\n", UUID, "12"));
        assertFalse(CallCommand.SEND_DTMF.isSuccess("-ERR Cannot locate session!\n", UUID, "12"));
        assertTrue(CallCommand.TRANSFER.isSuccess("+OK\n", UUID, "1000"));
        assertFalse(CallCommand.TRANSFER.isSuccess("-ERR No such channel!\n", UUID, "1000"));
        assertTrue(CallCommand.KILL.isSuccess("+OK\n", UUID, null));
        assertFalse(CallCommand.KILL.isSuccess("-ERR No such channel!\n", UUID, null));
        assertFalse(CallCommand.KILL.isSuccess("-USAGE: <uuid> [cause]\n", UUID, null));
        assertTrue(CallCommand.HOLD.needsKnownChannel(), "uuid_hold answers +OK Success for unknown uuids (13)");
        assertFalse(CallCommand.KILL.needsKnownChannel());
    }

    @Test
    void refusesWhatCannotBeSent() {
        assertThrows(IllegalArgumentException.class, () -> CallCommand.KILL.apiLine("abc def", null));
        assertThrows(IllegalArgumentException.class, () -> CallCommand.KILL.apiLine(null, null));
        assertThrows(IllegalArgumentException.class, () -> CallCommand.KILL.apiLine(UUID, "normal clearing"));
        assertThrows(IllegalArgumentException.class, () -> CallCommand.HOLD.apiLine(UUID, "toggle"));
        assertThrows(IllegalArgumentException.class, () -> CallCommand.SEND_DTMF.apiLine(UUID, null));
        assertThrows(IllegalArgumentException.class, () -> CallCommand.SEND_DTMF.apiLine(UUID, "12x"));
        assertThrows(IllegalArgumentException.class, () -> CallCommand.SEND_DTMF.apiLine(UUID, "1".repeat(65)));
        assertThrows(IllegalArgumentException.class, () -> CallCommand.TRANSFER.apiLine(UUID, "1000 XML default extra"));
        assertThrows(IllegalArgumentException.class, () -> CallCommand.TRANSFER.apiLine(UUID, "&park()"));
        assertThrows(IllegalArgumentException.class, () -> CallCommand.TRANSFER.apiLine(UUID, "user/1000 XML"));
        assertThrows(IllegalArgumentException.class,
                () -> CallCommand.TRANSFER.apiLine(UUID, "bridge:user/1000,hangup inline"));
        assertThrows(IllegalArgumentException.class, () -> CallCommand.TRANSFER.apiLine(UUID, "park: inline"));
        assertThrows(IllegalArgumentException.class, () -> CallCommand.TRANSFER.apiLine(UUID, "1000\napi status"));
    }

    @Test
    void originateLines() {
        OriginateRequest r = OriginateRequest.of("11111111-1111-4111-8111-111111111111", "user/000000005@example.com",
                        "user/1000", Map.of("comet_user_id", "5", "comet_dev_id", "0"))
                .withCallerId("1000", "Call to 1000").withBridgeCallerId("000000005", "Alice").withTimeout(Duration.ofSeconds(30));
        assertEquals("originate {origination_uuid=11111111-1111-4111-8111-111111111111,origination_caller_id_number=1000,"
                + "origination_caller_id_name='Call to 1000',originate_timeout=30,comet_dev_id=0,comet_user_id=5}"
                + "user/000000005@example.com &bridge({origination_caller_id_number=000000005,origination_caller_id_name=Alice}user/1000)",
                r.apiLine(r.uuid()));
        OriginateRequest ext = OriginateRequest.of("u1", "user/000000005", "1000", Map.of());
        assertEquals("originate {origination_uuid=u1}user/000000005 1000 XML default", ext.apiLine("u1"));
        assertThrows(IllegalArgumentException.class,
                () -> OriginateRequest.of("u1", "user/5", "user/1000", Map.of("user_id", "5")).apiLine("u1"));
        assertThrows(IllegalArgumentException.class,
                () -> OriginateRequest.of("u1", "user/5", "user/1000", Map.of("comet_x", "a,b")).apiLine("u1"));
        assertThrows(IllegalArgumentException.class,
                () -> OriginateRequest.of("u1", "user/5", "user/1000)&park(", Map.of()).apiLine("u1"));
        assertThrows(IllegalArgumentException.class,
                () -> OriginateRequest.of("u1", "user/5 &park", "user/1000", Map.of()).apiLine("u1"));
        assertThrows(IllegalArgumentException.class, () -> OriginateRequest.of("u 1", "user/5", "user/1000", Map.of()).apiLine("u 1"));
    }
}
