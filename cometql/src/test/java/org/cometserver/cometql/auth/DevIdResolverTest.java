package org.cometserver.cometql.auth;

import org.cometserver.cometql.error.CometQlException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class DevIdResolverTest {

    @Test
    void readsTheUserNameLikeAtoi() {
        assertEquals(0, DevIdResolver.devId("root", 100));
        assertEquals(0, DevIdResolver.devId("0", 100));
        assertEquals(15, DevIdResolver.devId("15", 100));
        assertEquals(15, DevIdResolver.devId("15abc", 100));
        assertEquals(0, DevIdResolver.devId("admin7", 100));
        assertEquals(0, DevIdResolver.devId("", 100));
        assertEquals(99, DevIdResolver.devId("99", 100));
    }

    @Test
    void refusesIdsOutsideTheIndex() {
        CometQlException e = assertThrows(CometQlException.class, () -> DevIdResolver.devId("100", 100));
        assertEquals(16, e.code());
        assertEquals("Invalid dev_id value", e.getMessage());
        assertThrows(CometQlException.class, () -> DevIdResolver.devId("99999999999999999999999", 100));
        assertThrows(CometQlException.class, () -> DevIdResolver.devId("-1", 100));
    }
}
