package org.cometserver.server.transport.http;

import org.cometserver.server.config.CometConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue #8: {@code base_dir} files are served, nothing outside it, not even through a symbolic link. */
class StaticFilesTest {
    private static final Map<String, String> TYPES = Map.of("html", "text/html", "txt", "text/plain");

    @Test
    void servesFilesBelowBaseDirButNoSymbolicLinkLeadingOut(@TempDir Path temp) throws IOException {
        Path base = Files.createDirectories(temp.resolve("site"));
        Files.writeString(base.resolve("index.html"), "inside");
        Path secret = Files.writeString(temp.resolve("secret.txt"), "outside");
        Files.createSymbolicLink(base.resolve("leak.txt"), secret);
        Files.createSymbolicLink(base.resolve("up"), temp);
        Files.createSymbolicLink(base.resolve("alias.html"), base.resolve("index.html"));
        StaticFiles files = new StaticFiles(base.toString(), TYPES);

        assertEquals("inside", new String(files.read("/index.html").orElseThrow().body()));
        assertEquals("inside", new String(files.read("/alias.html").orElseThrow().body()), "a link inside is fine");
        assertTrue(files.read("/leak.txt").isEmpty(), "a link to a file outside base_dir is refused");
        assertTrue(files.read("/up/secret.txt").isEmpty(), "a linked directory outside base_dir is refused");
        assertTrue(files.read("/../secret.txt").isEmpty());
        assertTrue(files.read("/nul\0.txt").isEmpty());
    }

    @Test
    void builtInContentTypesMatchInAnyCase(@TempDir Path base) throws IOException {
        Map<String, String> expected = Map.of("index.html", "text/html; charset=utf-8",
                "app.js", "application/javascript; charset=utf-8", "app.mjs", "application/javascript; charset=utf-8",
                "style.css", "text/css; charset=utf-8", "data.json", "application/json", "logo.svg", "image/svg+xml",
                "icon.ico", "image/x-icon", "font.woff2", "font/woff2", "photo.webp", "image/webp",
                "PAGE.HTML", "text/html; charset=utf-8");
        for (String name : expected.keySet()) {
            Files.writeString(base.resolve(name), name);
        }
        Files.writeString(base.resolve("notes.unknown"), "x");
        StaticFiles files = new StaticFiles(base.toString(), CometConfig.defaults().contentTypes());
        expected.forEach((name, type) -> assertEquals(type, files.read("/" + name).orElseThrow().contentType(), name));
        assertTrue(files.read("/notes.unknown").isEmpty(), "an unmapped extension is not served (CppComet)");
    }

    @Test
    void baseDirReachedThroughASymbolicLinkStillServes(@TempDir Path temp) throws IOException {
        Path real = Files.createDirectories(temp.resolve("real"));
        Files.writeString(real.resolve("a.txt"), "a");
        Path link = Files.createSymbolicLink(temp.resolve("link"), real);
        assertEquals("a", new String(new StaticFiles(link.toString(), TYPES).read("/a.txt").orElseThrow().body()));
    }
}
