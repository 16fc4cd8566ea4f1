package org.cometserver.server.config;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The text of a {@code comet.ini} split into sections, with CppComet's parsing rules
 * (docs/CPPCOMET.md §1.5): {@code [section]} lines, {@code key = value}, whole-line comments starting with
 * {@code ;} or {@code #}, and everything after the first {@code ;} or {@code #} of a value dropped (so values cannot
 * contain them); keys and values trimmed; names case-sensitive; a value starting with {@code []} appends to a list.
 * Keys before the first section land in section {@code ""}.
 */
final class IniFile {
    private static final Logger log = LoggerFactory.getLogger(IniFile.class);

    private final Map<String, IniSection> sections = new LinkedHashMap<>();

    private IniFile() {
    }

    static IniFile parse(String text) {
        IniFile file = new IniFile();
        IniSection current = file.section("");
        String[] lines = text.split("\r?\n|\r", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith(";") || line.startsWith("#")) {
                continue;
            }
            String header = stripInlineComment(line).strip();
            if (header.startsWith("[") && header.endsWith("]")) {
                current = file.section(canonicalSection(header.substring(1, header.length() - 1).strip()));
                continue;
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                log.warn("comet.ini line {} ignored: expected `key = value` or `[section]`", i + 1);
                continue;
            }
            String key = canonicalKey(current.name(), line.substring(0, eq).strip());
            current.put(key, stripInlineComment(line.substring(eq + 1)).strip());
        }
        return file;
    }

    Collection<IniSection> sections() {
        return sections.values();
    }

    /** The named section; an empty one when the file has none. */
    IniSection section(String name) {
        return sections.computeIfAbsent(name, IniSection::new);
    }

    boolean has(String name) {
        return sections.containsKey(name);
    }

    private static String stripInlineComment(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == ';' || c == '#') {
                // CppComet: an inline comment starts at the first ; or # anywhere in the value (§1.5)
                return value.substring(0, i);
            }
        }
        return value;
    }

    // CppComet: backward-compatible names, [benchmark] is [statistics] and key benchmark is statistics (§1.5)
    private static String canonicalSection(String name) {
        return name.equals("benchmark") ? "statistics" : name;
    }

    private static String canonicalKey(String section, String key) {
        boolean aliased = section.equals("log") || section.equals("ws") || section.equals("cometql");
        return aliased && key.equals("benchmark") ? "statistics" : key;
    }
}
