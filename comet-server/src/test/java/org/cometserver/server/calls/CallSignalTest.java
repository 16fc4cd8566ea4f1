package org.cometserver.server.calls;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CallSignalTest {

    private static CallSignal parse(String json) {
        return CallSignal.parse(json.replace('\'', '"'));
    }

    @Test
    void callKeepsWhatIsRelayedAndDropsWhatTheServerSets() {
        CallSignal signal = parse("{'signalType':'call','sessionID':'a-1','to':'7','callType':2,'sdp':'v=0',"
                + "'opponentsIDs':[7,'8'],'callerID':99,'from':99,'platform':'web','userInfo':{'x':[1]},'extra':1}");

        assertEquals(CallSignal.Type.CALL, signal.type());
        assertEquals("a-1", signal.sessionId());
        assertEquals(7, signal.to());
        assertEquals(2, signal.callType());
        assertEquals(List.of(7L, 8L), signal.opponents());
        assertEquals("{\"x\":[1]}", signal.userInfo().toString());
        assertFalse(signal.payload().has("to"));
        assertFalse(signal.payload().has("callerID"));
        assertFalse(signal.payload().has("from"));
        assertTrue(signal.payload().has("extra"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "[1]|call_signal needs a JSON object",
            "{|call_signal needs a JSON object",
            "{'signalType':'ring','sessionID':'a'}|Unknown signalType: call, accept, reject, hangUp, iceCandidates or update",
            "{'signalType':'call','sessionID':'a b'}|sessionID must be 1 to 64 characters of A-Z a-z 0-9 _ . : -",
            "{'signalType':'hangUp'}|sessionID must be 1 to 64 characters of A-Z a-z 0-9 _ . : -",
            "{'signalType':'call','sessionID':'a','sdp':'x','opponentsIDs':[2]}|call needs callType",
            "{'signalType':'call','sessionID':'a','callType':3}|callType must be 1 (video) or 2 (audio)",
            "{'signalType':'call','sessionID':'a','callType':1,'opponentsIDs':[2]}|call needs sdp",
            "{'signalType':'call','sessionID':'a','callType':1,'sdp':'x','opponentsIDs':[0]}"
                    + "|opponentsIDs must be an array of positive user ids",
            "{'signalType':'call','sessionID':'a','callType':1,'sdp':'x','opponentsIDs':2}"
                    + "|opponentsIDs must be an array of user ids",
            "{'signalType':'accept','sessionID':'a','to':1}|accept needs sdp",
            "{'signalType':'accept','sessionID':'a','to':-1,'sdp':'x'}|to must be a positive user id",
            "{'signalType':'reject','sessionID':'a','userInfo':'busy'}|userInfo must be a JSON object",
            "{'signalType':'update','sessionID':'a','sdp':5}|sdp must be a string",
            "{'signalType':'iceCandidates','sessionID':'a','to':2}|iceCandidates needs an array iceCandidates",
            "{'signalType':'iceCandidates','sessionID':'a','to':2,'iceCandidates':[1]}"
                    + "|iceCandidates must be objects {sdpMLineIndex, sdpMid, candidate}",
    })
    void refused(String json, String message) {
        CallSignalException e = assertThrows(CallSignalException.class, () -> parse(json));
        assertEquals(message, e.getMessage());
    }

    @Test
    void refusalNamesTheSessionAndTypeWhenKnown() {
        CallSignalException e = assertThrows(CallSignalException.class,
                () -> parse("{'signalType':'accept','sessionID':'s9','to':1}"));
        assertEquals("s9", e.sessionId());
        assertEquals("accept", e.signalType());
    }

    @Test
    void peekFindsSessionAndTypeSkippingNestedValues() {
        assertArrayEquals(new String[] {"s1", "call"}, CallSignal.peek(
                "{\"userInfo\":{\"sessionID\":\"no\"},\"sdp\":\"" + "x".repeat(1000)
                        + "\",\"signalType\":\"call\",\"sessionID\":\"s1\"}"));
        assertArrayEquals(new String[] {"", ""}, CallSignal.peek("not json"));
        assertArrayEquals(new String[] {"s2", ""}, CallSignal.peek("{\"sessionID\":\"s2\",\"sdp\":"));
    }

    @Test
    void withoutUserInfoItIsNull() {
        assertNull(parse("{'signalType':'hangUp','sessionID':'a'}").userInfo());
    }
}
