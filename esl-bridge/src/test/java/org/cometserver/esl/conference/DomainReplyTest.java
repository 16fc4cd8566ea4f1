package org.cometserver.esl.conference;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class DomainReplyTest {

    @Test
    void theBodyIsTheValue() {
        // mod_commands: stream->write_function(stream, "%s", switch_str_nil(switch_core_get_variable(cmd))), no line break.
        assertEquals(Optional.of("192.0.2.2"), DomainReply.parse("192.0.2.2"));
        assertEquals(Optional.of("FSdefaultDomain"), DomainReply.parse("FSdefaultDomain"));
        assertEquals(Optional.of("fs-1.example.com"), DomainReply.parse("fs-1.example.com\n"), "a trailing line break is not part of it");
    }

    @Test
    void unsetOrRefusedMeansUnknown() {
        assertEquals(Optional.empty(), DomainReply.parse(""), "unset variable: empty body");
        assertEquals(Optional.empty(), DomainReply.parse(null));
        assertEquals(Optional.empty(), DomainReply.parse("-ERR global_getvar Command not found!\n"), "no mod_commands");
        assertEquals(Optional.empty(), DomainReply.parse("-USAGE: <var>\n"));
        assertEquals(Optional.empty(), DomainReply.parse("a b"), "not one word: not a domain");
    }
}
