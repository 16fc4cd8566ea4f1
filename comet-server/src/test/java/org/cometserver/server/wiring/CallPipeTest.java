package org.cometserver.server.wiring;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CallPipeTest {

    /** Expected values computed independently with Python's hashlib/base64 from the C format of §4.2. */
    @Test
    void knownAnswers() {
        assertEquals("web_syscall_v1_AoHmACfvRwqKnfPVBoLxVqDAAncA",
                CallPipe.derive("0*101*video", "fs.example.com", 7443, 0, "pipesalt"));
        assertEquals("web_syscall_v1_wgAVSCGEQaueVRwiQuAArIPAbTYA",
                CallPipe.derive("7*room*default", "127.0.0.1", 7443, 7, "salt"));
    }
}
