package org.cometserver.server;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * This build's version: the Maven project version, written into {@code version.properties} by resource filtering.
 * A resource rather than the jar manifest so that it is the same when running from {@code target/classes} (tests,
 * IDE) as from the shaded jar.
 */
public final class Version {
    private static final String VERSION = read();

    private Version() {
    }

    public static String get() {
        return VERSION;
    }

    private static String read() {
        try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties properties = new Properties();
            properties.load(in);
            String version = properties.getProperty("version", "unknown");
            // an unfiltered copy (resources copied without Maven) still says ${project.version}
            return version.startsWith("${") ? "unknown" : version;
        } catch (IOException e) {
            return "unknown";
        }
    }
}
