package org.cometserver.server.config;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The whole {@code comet.ini}, one immutable record per section. The only reader of the file; modules receive
 * their own config objects built from this. Unknown sections and keys are warned about (one line each), invalid
 * values throw {@link InvalidConfigException}. Every key and default is documented in {@code comet.ini.example}.
 */
public record CometConfig(MainSection main, DbSection db, CometQlSection cometql, WsSection ws,
                          FreeswitchSection freeswitch, SipSection sip, LogSection log,
                          StatisticsSection statistics, MetricsSection metrics, CallsSection calls,
                          Map<String, String> contentTypes, ClusterSection cluster) {
    private static final Logger logger = LoggerFactory.getLogger(CometConfig.class);
    private static final Set<String> KNOWN_SECTIONS = Set.of("", "main", "db", "cometql", "ws", "freeswitch", "sip",
            "log", "statistics", "metrics", "calls", "content-type", "cometqlproxy", "cluster");
    private static final Map<String, String> DEFAULT_CONTENT_TYPES = defaultContentTypes();

    /** Built-in defaults, as with an empty {@code comet.ini}. */
    public static CometConfig defaults() {
        return parse("");
    }

    public static CometConfig load(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new InvalidConfigException("cannot read config file " + file + ": " + e);
        }
        return parse(text);
    }

    public static CometConfig parse(String iniText) {
        return read(IniFile.parse(iniText));
    }

    /** Reads every section of {@code ini}, marking the keys read in each (see {@link IniSection#readKeys()}). */
    static CometConfig read(IniFile ini) {
        Map<String, String> contentTypes = new LinkedHashMap<>(DEFAULT_CONTENT_TYPES);
        contentTypes.putAll(ini.section("content-type").all());
        CometConfig config = new CometConfig(
                MainSection.read(ini.section("main")),
                DbSection.read(ini.section("db")),
                CometQlSection.read(ini.section("cometql")),
                WsSection.read(ini.section("ws")),
                FreeswitchSection.read(ini.section("freeswitch")),
                SipSection.read(ini.section("sip")),
                LogSection.read(ini.section("log")),
                StatisticsSection.read(ini.section("statistics")),
                MetricsSection.read(ini.section("metrics")),
                CallsSection.read(ini.section("calls")),
                Map.copyOf(contentTypes),
                ClusterSection.read(ini.section("cluster")));
        // CppComet's mesh of CometQL connections is replaced by [cluster] redis (docs/COMPATIBILITY.md "Cluster")
        if (ini.has("cometqlproxy")) {
            ini.section("cometqlproxy").all();
            logger.warn("comet.ini: section [cometqlproxy] ignored: every node answers CometQL for the whole cluster"
                    + " (see [cluster] redis)");
        }
        if (ini.has("ws") && !ini.section("ws").list("cluster").isEmpty()) {
            logger.warn("comet.ini: [ws] cluster ignored: nodes find each other through [cluster] redis");
        }
        warnUnknown(ini);
        return config;
    }

    private static void warnUnknown(IniFile ini) {
        for (IniSection section : ini.sections()) {
            if (!KNOWN_SECTIONS.contains(section.name())) {
                logger.warn("comet.ini: unknown section [{}] ignored", section.name());
                continue;
            }
            for (String key : section.unreadKeys()) {
                if (section.name().isEmpty()) {
                    logger.warn("comet.ini: key {} outside any section ignored", key);
                } else {
                    logger.warn("comet.ini: unknown key {} in [{}] ignored", key, section.name());
                }
            }
        }
    }

    private static Map<String, String> defaultContentTypes() {
        Map<String, String> types = new LinkedHashMap<>();
        types.put("html", "text/html; charset=utf-8");
        types.put("js", "application/javascript; charset=utf-8");
        types.put("css", "text/css; charset=utf-8");
        types.put("json", "application/json");
        types.put("txt", "text/plain; charset=utf-8");
        types.put("png", "image/png");
        types.put("jpg", "image/jpeg");
        types.put("gif", "image/gif");
        types.put("svg", "image/svg+xml");
        types.put("ico", "image/x-icon");
        // what a web page's folder usually holds besides the above, so base_dir works without a [content-type]
        types.put("htm", "text/html; charset=utf-8");
        types.put("mjs", "application/javascript; charset=utf-8");
        types.put("map", "application/json");
        types.put("xml", "application/xml");
        types.put("jpeg", "image/jpeg");
        types.put("webp", "image/webp");
        types.put("woff", "font/woff");
        types.put("woff2", "font/woff2");
        types.put("wasm", "application/wasm");
        types.put("mp3", "audio/mpeg");
        types.put("mp4", "video/mp4");
        types.put("webm", "video/webm");
        types.put("pdf", "application/pdf");
        return types;
    }
}
