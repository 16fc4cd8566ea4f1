package org.cometserver.server.config;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue #9: every key documented in {@code comet.ini.example} is read by the code, and every key the code reads is
 * documented. The example's rules, stated at its top: {@code key = value} lines are keys with their default;
 * comment lines {@code ; key = example} are keys without a default; the words
 * {@code Accepted for compatibility, ignored:} start a list, up to the next full stop, of the keys the section
 * {@code accept(...)}s. {@code [content-type]} (free keys) and {@code [cometqlproxy]} (refused as a whole) have no
 * keys of their own.
 */
class CometConfigDocsTest {
    private static final Path EXAMPLE = Path.of("..", "comet.ini.example");
    private static final Pattern SECTION = Pattern.compile("^\\[([^]]+)]\\s*$");
    private static final Pattern KEY = Pattern.compile("^(;\\s*)?([A-Za-z_][A-Za-z0-9_]*)\\s*=.*$");
    private static final String ACCEPTED = "Accepted for compatibility, ignored:";
    private static final Set<String> FREE_SECTIONS = Set.of("content-type", "cometqlproxy");

    /** What the example documents in one section. */
    private record Documented(Set<String> keys, Set<String> accepted) {
    }

    @Test
    void everyDocumentedKeyIsReadAndEveryReadKeyIsDocumented() throws IOException {
        String text = Files.readString(EXAMPLE);
        Map<String, Documented> documented = documented(text);
        IniFile ini = IniFile.parse(text);
        CometConfig.read(ini);
        Set<String> sections = new TreeSet<>(documented.keySet());
        for (IniSection section : ini.sections()) {
            if (!section.name().isEmpty() && !FREE_SECTIONS.contains(section.name())) {
                sections.add(section.name());
            }
        }
        for (String name : sections) {
            IniSection section = ini.section(name);
            Documented doc = documented.getOrDefault(name, new Documented(Set.of(), Set.of()));
            Set<String> read = new TreeSet<>(section.readKeys());
            read.removeAll(section.acceptedKeys());
            assertEquals(read, new TreeSet<>(doc.keys()), "[" + name + "]: keys read by the code vs keys documented");
            assertEquals(new TreeSet<>(section.acceptedKeys()), new TreeSet<>(doc.accepted()),
                    "[" + name + "]: accept(...) vs \"" + ACCEPTED + "\"");
        }
    }

    @Test
    void exampleValuesAreTheDefaults() {
        CometConfig defaults = CometConfig.defaults();
        CometConfig example = CometConfig.load(EXAMPLE);
        // the one documented exception: [freeswitch] (off by default) shows freeswitch-conf/vars.xml's allow and
        // credentials, so that both files agree (FreeswitchConfTest)
        CometConfig withDefaultDirectory = new CometConfig(example.main(), example.db(), example.cometql(),
                example.ws(), defaults.freeswitch(), example.sip(), example.log(), example.statistics(), example.metrics(), example.calls(),
                example.contentTypes(), example.cluster());
        assertEquals(defaults, withDefaultDirectory);
        assertEquals(defaults.freeswitch().listener(), example.freeswitch().listener());
    }

    private static Map<String, Documented> documented(String text) {
        Map<String, Documented> sections = new LinkedHashMap<>();
        Documented current = null;
        StringBuilder acceptedList = null;
        for (String raw : text.split("\n")) {
            String line = raw.strip();
            Matcher section = SECTION.matcher(line);
            if (section.matches()) {
                String name = section.group(1);
                current = FREE_SECTIONS.contains(name) ? null : new Documented(new TreeSet<>(), new TreeSet<>());
                if (current != null) {
                    sections.put(name, current);
                }
                continue;
            }
            if (current == null) {
                continue;
            }
            String comment = line.startsWith(";") ? line.substring(1).strip() : null;
            if (acceptedList != null && comment != null) {
                acceptedList.append(' ').append(comment);
            } else if (comment != null && comment.contains(ACCEPTED)) {
                acceptedList = new StringBuilder(comment.substring(comment.indexOf(ACCEPTED) + ACCEPTED.length()));
            } else {
                Matcher key = KEY.matcher(line);
                if (key.matches()) {
                    current.keys().add(key.group(2));
                }
            }
            if (acceptedList != null && acceptedList.indexOf(".") >= 0) {
                String list = acceptedList.substring(0, acceptedList.indexOf("."));
                Arrays.stream(list.split(",")).map(String::strip).forEach(current.accepted()::add);
                acceptedList = null;
            }
        }
        assertTrue(acceptedList == null, "an accepted list without its full stop");
        return sections;
    }

    @Test
    void parserRules() {
        Map<String, Documented> doc = documented("""
                [a]
                ; A sentence: with = sign is no key.
                x = 1
                ; y = []example
                ; Accepted for compatibility, ignored: p,
                ; q.
                [content-type]
                ; mp4 = video/mp4
                """);
        assertEquals(List.of("a"), List.copyOf(doc.keySet()));
        assertEquals(Set.of("x", "y"), doc.get("a").keys());
        assertEquals(Set.of("p", "q"), doc.get("a").accepted());
    }
}
