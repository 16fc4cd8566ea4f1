package org.cometserver.server.e2e.browser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Headless Chromium (Debian's {@code /usr/bin/chromium}) driven by Playwright from {@code src/test/browser/harness.mjs}
 * (run from a copy in {@code target/browser-harness}, where its npm packages are installed: tests write nothing into
 * the source tree):
 * a Node subprocess taking JSON-line commands on stdin and answering, and reporting page events, as JSON lines on
 * stdout. One instance per test class; each {@link BrowserPage} has its own browser context.
 */
final class Chromium implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Chromium.class);
    static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration NPM_TIMEOUT = Duration.ofMinutes(5);
    private static final List<String> HARNESS_FILES = List.of("harness.mjs", "package.json", "package-lock.json");

    private final Process node;
    private final Writer commands;
    private final AtomicLong nextId = new AtomicLong();
    private final Map<Long, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final Map<String, BrowserPage> pages = new ConcurrentHashMap<>();
    private final CompletableFuture<JsonNode> ready = new CompletableFuture<>();

    private Chromium(Process node) {
        this.node = node;
        this.commands = node.outputWriter(StandardCharsets.UTF_8);
        Thread reader = new Thread(this::readAnswers, "chromium-harness");
        reader.setDaemon(true);
        reader.start();
        Thread errors = new Thread(() -> node.errorReader(StandardCharsets.UTF_8).lines()
                .forEach(line -> log.info("harness: {}", line)), "chromium-harness-stderr");
        errors.setDaemon(true);
        errors.start();
    }

    /**
     * Copies the harness to {@code target/}, installs its npm packages there when missing, then starts the browser,
     * with {@code extraArgs} added to the harness's Chromium flags.
     */
    static synchronized Chromium launch(String... extraArgs) {
        Path harness = harnessCopy();
        if (!Files.isDirectory(harness.resolve("node_modules/playwright-core"))) {
            runNpmCi(harness);
        }
        try {
            ProcessBuilder builder = new ProcessBuilder("node", "harness.mjs").directory(harness.toFile());
            builder.environment().put("CHROMIUM_EXTRA_ARGS", JSON.writeValueAsString(List.of(extraArgs)));
            Process node = builder.start();
            Chromium chromium = new Chromium(node);
            JsonNode hello = chromium.ready.get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            log.info("Chromium {} started", hello.path("version").asText());
            return chromium;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start node", e);
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Chromium harness did not start", e);
        }
    }

    /**
     * Opens a page on its own origin that loads our JS client from the server's {@code /js/comet-client.js} with a
     * {@code <script>} tag, as CppComet pages load CometServerApi.js. The page's {@code rec(tag)} makes callbacks
     * whose arguments arrive as page events.
     */
    BrowserPage open(String name, int wsPort) {
        String script = "http://127.0.0.1:" + wsPort + "/js/comet-client.js";
        BrowserPage page = new BrowserPage(this, name);
        pages.put(name, page);
        ObjectNode command = JSON.createObjectNode().put("op", "open").put("page", name).put("script", script);
        String api = call(command).asText();
        if (!"object".equals(api)) {
            throw new AssertionError("page " + name + " has no cometApi after loading " + script + " (typeof: " + api
                    + "), page log: " + page.logs());
        }
        return page;
    }

    /** Sends a command and waits for its answer's value; a failed command throws. */
    JsonNode call(ObjectNode command) {
        long id = nextId.incrementAndGet();
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        pending.put(id, answer);
        try {
            synchronized (commands) {
                commands.write(command.put("id", id) + "\n");
                commands.flush();
            }
            JsonNode reply = answer.get(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            if (!reply.path("ok").asBoolean()) {
                throw new AssertionError("browser command " + command + " failed: " + reply.path("error").asText());
            }
            return reply.path("value");
        } catch (IOException e) {
            throw new UncheckedIOException("harness stdin closed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new AssertionError("no answer to browser command " + command, e);
        } finally {
            pending.remove(id);
        }
    }

    void forget(String pageName) {
        pages.remove(pageName);
    }

    private void readAnswers() {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(node.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                dispatch(line);
            }
        } catch (IOException e) {
            log.warn("harness output ended: {}", e.getMessage());
        }
        IllegalStateException gone = new IllegalStateException("Chromium harness exited");
        ready.completeExceptionally(gone);
        pending.values().forEach(answer -> answer.completeExceptionally(gone));
    }

    private void dispatch(String line) throws IOException {
        if (!line.startsWith("{")) {
            log.info("harness: {}", line);
            return;
        }
        JsonNode message = JSON.readTree(line);
        if (message.has("ready")) {
            ready.complete(message);
        } else if (message.has("id")) {
            CompletableFuture<JsonNode> answer = pending.get(message.get("id").asLong());
            if (answer != null) {
                answer.complete(message);
            }
        } else {
            BrowserPage page = pages.get(message.path("page").asText());
            if (page == null) {
                log.info("event of a closed page: {}", line);
            } else if (message.has("log")) {
                page.addLog(message.get("log").asText());
            } else {
                page.addEvent(message.path("tag").asText(), message.path("event"));
            }
        }
    }

    /** Closes the harness's stdin: it closes the browser and exits. */
    @Override
    public void close() {
        try {
            commands.close();
            if (!node.waitFor(20, TimeUnit.SECONDS)) {
                node.descendants().forEach(ProcessHandle::destroyForcibly);
                node.destroyForcibly();
            }
        } catch (IOException e) {
            node.destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            node.destroyForcibly();
        }
    }

    /** {@code comet-server/target/browser-harness}, holding fresh copies of the harness files. */
    private static Path harnessCopy() {
        Path source = harnessSource();
        Path copy = source.resolve("../../../target/browser-harness").normalize();
        try {
            Files.createDirectories(copy);
            for (String file : HARNESS_FILES) {
                Files.copy(source.resolve(file), copy.resolve(file), StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy the browser harness to " + copy, e);
        }
        return copy;
    }

    /** {@code comet-server/src/test/browser}, found upwards from the working directory. */
    private static Path harnessSource() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path candidate = dir; candidate != null; candidate = candidate.getParent()) {
            Path harness = candidate.resolve("comet-server/src/test/browser");
            if (Files.isRegularFile(harness.resolve("harness.mjs"))) {
                return harness;
            }
        }
        throw new IllegalStateException("no comet-server/src/test/browser above " + dir);
    }

    /**
     * {@code npm ci} from the committed lock file (a fresh clone has no node_modules). Its output goes to
     * {@code npm-ci.log} beside it, never to this JVM's stdout, which Surefire reads as its channel to the fork.
     */
    private static void runNpmCi(Path harness) {
        List<String> command = List.of("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error");
        Path log = harness.resolve("npm-ci.log");
        try {
            Process npm = new ProcessBuilder(command).directory(harness.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            npm.getOutputStream().close();
            if (!npm.waitFor(NPM_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                npm.destroyForcibly();
                throw new IllegalStateException("npm ci did not finish within " + NPM_TIMEOUT + ", see " + log);
            }
            if (npm.exitValue() != 0) {
                throw new IllegalStateException("npm ci failed in " + harness + " (exit " + npm.exitValue() + "):\n"
                        + Files.readString(log));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run npm", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
