package org.cometserver.xmlcurl.http;

import org.cometserver.xmlcurl.XmlCurlConfig;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AccessPolicyTest {

    @Test
    void emptyAllowlistMeansLoopbackOnly() throws Exception {
        AccessPolicy policy = AccessPolicy.from(XmlCurlConfig.defaults());
        assertTrue(policy.allowsAddress(InetAddress.getByName("127.0.0.1")));
        assertTrue(policy.allowsAddress(InetAddress.getByName("127.8.9.10")));
        assertTrue(policy.allowsAddress(InetAddress.getByName("::1")));
        assertFalse(policy.allowsAddress(InetAddress.getByName("192.0.2.2")));
        assertFalse(policy.allowsAddress(InetAddress.getByName("fd00::2")));
    }

    @Test
    void configuredAllowlistReplacesLoopback() throws Exception {
        AccessPolicy policy = AccessPolicy.from(XmlCurlConfig.defaults().withAllow(List.of("192.0.2.0/24", "fd00::2")));
        assertTrue(policy.allowsAddress(InetAddress.getByName("192.0.2.2")));
        assertTrue(policy.allowsAddress(InetAddress.getByName("fd00::2")));
        assertFalse(policy.allowsAddress(InetAddress.getByName("127.0.0.1")));
    }

    @Test
    void withoutConfiguredUserAnyCredentialsPass() {
        AccessPolicy policy = AccessPolicy.from(XmlCurlConfig.defaults());
        assertTrue(policy.acceptsCredentials(null));
        assertTrue(policy.acceptsCredentials(basic("whoever:whatever")));
    }

    @Test
    void basicCredentialsMustMatchExactly() {
        AccessPolicy policy = AccessPolicy.from(XmlCurlConfig.defaults().withCredentials("fs", "pä:ss"));
        assertTrue(policy.acceptsCredentials(basic("fs:pä:ss")));
        assertTrue(policy.acceptsCredentials("basic " + Base64.getEncoder().encodeToString(
                "fs:pä:ss".getBytes(StandardCharsets.UTF_8))));
        for (String wrong : new String[] {null, "", basic("fs:pä:s"), basic("fs:pä:ss "), basic("FS:pä:ss"),
                basic("fs"), "Digest abc", "Basic", "Basic %%%"}) {
            assertFalse(policy.acceptsCredentials(wrong), String.valueOf(wrong));
        }
    }

    private static String basic(String credentials) {
        return "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
    }
}
