package org.cometserver.xmlcurl.http;

import org.junit.jupiter.api.Test;

import java.net.Inet6Address;
import java.net.InetAddress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CidrBlockTest {

    @Test
    void ipv4Blocks() throws Exception {
        CidrBlock block = CidrBlock.parse("10.1.0.0/16");
        assertTrue(block.contains(InetAddress.getByName("10.1.255.7")));
        assertFalse(block.contains(InetAddress.getByName("10.2.0.1")));
        assertTrue(CidrBlock.parse("0.0.0.0/0").contains(InetAddress.getByName("203.0.113.9")));
        assertTrue(CidrBlock.parse("192.0.2.7").contains(InetAddress.getByName("192.0.2.7")));
        assertFalse(CidrBlock.parse("192.0.2.7").contains(InetAddress.getByName("192.0.2.8")));
        assertTrue(CidrBlock.parse("192.0.2.128/25").contains(InetAddress.getByName("192.0.2.200")));
        assertFalse(CidrBlock.parse("192.0.2.128/25").contains(InetAddress.getByName("192.0.2.100")));
    }

    @Test
    void ipv6BlocksAndMappedIpv4() throws Exception {
        assertTrue(CidrBlock.parse("fd00::/8").contains(InetAddress.getByName("fd12::1")));
        assertFalse(CidrBlock.parse("fd00::/8").contains(InetAddress.getByName("fe80::1")));
        assertFalse(CidrBlock.parse("fd00::/8").contains(InetAddress.getByName("10.0.0.1")));
        assertTrue(CidrBlock.parse("::1").contains(InetAddress.getByName("::1")));
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xFF;
        mapped[11] = (byte) 0xFF;
        mapped[12] = 10;
        mapped[15] = 9;
        assertTrue(CidrBlock.parse("10.0.0.0/8").contains(Inet6Address.getByAddress(null, mapped, -1)));
        assertTrue(CidrBlock.parse("::ffff:10.0.0.0/104").contains(InetAddress.getByName("10.0.0.9")));
        assertEquals("10.0.0.0/8", CidrBlock.parse("::ffff:10.0.0.0/104").toString());
    }

    @Test
    void badEntriesAreRefusedWithTheirText() {
        for (String bad : new String[] {"", "localhost", "10.0.0.0/33", "10.0.0.0/-1", "10.0.0/8", "fd00::/129",
                "10.0.0.0/x", "::ffff:10.0.0.0/95", "300.1.1.1"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CidrBlock.parse(bad), bad);
            assertTrue(e.getMessage().contains("'" + bad + "'"), e.getMessage());
        }
    }
}
