package org.cometserver.server.wiring;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IgnoredConferencesTest {

    @Test
    void eachConferenceIsLoggedOnceNotPerEvent() {
        IgnoredConferences ignored = new IgnoredConferences();
        assertTrue(ignored.ignored("fs:7443", "0*101-elsewhere", "its domain is not [FSdefaultDomain]"));
        for (int event = 0; event < 100; event++) {
            assertFalse(ignored.ignored("fs:7443", "0*101-elsewhere", "its domain is not [FSdefaultDomain]"));
        }
        assertTrue(ignored.ignored("fs2:7443", "0*101-elsewhere", "same name, other node"));
    }

    @Test
    void theRememberedSetIsBounded() {
        IgnoredConferences ignored = new IgnoredConferences();
        ignored.ignored("fs:7443", "first", "r");
        for (int i = 0; i < IgnoredConferences.REMEMBERED; i++) {
            ignored.ignored("fs:7443", "conf" + i, "r");
        }
        assertTrue(ignored.ignored("fs:7443", "first", "r"), "the oldest was forgotten: logged again, memory bounded");
        assertFalse(ignored.ignored("fs:7443", "conf" + (IgnoredConferences.REMEMBERED - 1), "r"));
    }
}
