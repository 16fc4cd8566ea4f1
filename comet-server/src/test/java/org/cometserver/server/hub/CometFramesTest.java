package org.cometserver.server.hub;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CometFramesTest {

    @Test
    void channelMessageIsCppCometsFrame() {
        assertEquals("{\"data\":\"hello\",\"event\":\"event1\",\"message_send_time\":1700000000,\"pipe\":\"web_chat\"}",
                CometFrames.channelMessage("web_chat", "event1", "hello", 1_700_000_000L).text());
    }

    @Test
    void stringsAreRawJsonEscapedOnce() {
        // CppComet §3.9: a PHP-escaped message keeps its backslashes, which JSON then escapes
        assertEquals("{\"data\":\"{\\\\\\\"a\\\\\\\":1} é\\n\",\"event\":\"\",\"message_send_time\":1,\"pipe\":\"p\"}",
                CometFrames.channelMessage("p", "", "{\\\"a\\\":1} é\n", 1).text());
    }

    @Test
    void privateAndStatusFrames() {
        assertEquals("{\"data\":\"m\",\"event\":\"e\",\"pipe\":\"msg\"}", CometFrames.privateMessage("e", "m").text());
        assertEquals("{\"data\":\"online\",\"event\":\"online\",\"pipe\":\"user_status_7\"}",
                CometFrames.userStatus(7, true).text());
        assertEquals("{\"data\":\"offline\",\"event\":\"offline\",\"pipe\":\"user_status_7\"}",
                CometFrames.userStatus(7, false).text());
    }

    @Test
    void nestedMapsAreSorted() {
        assertEquals("{\"data\":{\"a\":[1,2],\"b\":{\"x\":true,\"y\":\"s\"}},\"event\":\"e\",\"pipe\":\"msg\"}",
                CometFrames.privateMessage("e", Map.of("b", Map.of("y", "s", "x", true), "a", List.of(1, 2)))
                        .text());
    }
}
