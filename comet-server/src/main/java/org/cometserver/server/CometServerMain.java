package org.cometserver.server;

import org.cometserver.server.config.CometConfig;
import org.cometserver.server.config.InvalidConfigException;
import org.cometserver.server.store.StoreException;
import sun.misc.Signal;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * The command line: {@code --config FILE} (CppComet's {@code --conf FILE} too) or {@code ./comet.ini} when present,
 * else built-in defaults; {@code --help}; {@code --version}. Exit codes: 0 after SIGTERM/SIGINT (clean shutdown), 1 when the server
 * cannot start (port taken, store unreachable), 2 for a bad command line or configuration. Failures print one line
 * on stderr.
 */
final class CometServerMain {
    static final int EXIT_OK = 0;
    static final int EXIT_START_FAILED = 1;
    static final int EXIT_BAD_CONFIG = 2;
    private static final Path DEFAULT_CONFIG = Path.of("comet.ini");
    private static final String USAGE = """
            Usage: java -jar comet-server.jar [--config FILE]
              --config FILE, --conf FILE   comet.ini to use (default: ./comet.ini if present, else built-in defaults)
              --version                    print the version and exit
              --help                       print this help
            Every comet.ini key and its default is documented in comet.ini.example.""";

    private CometServerMain() {
    }

    static int run(String[] args) {
        PrintStream err = System.err;
        Path configFile = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--help", "-h" -> {
                    System.out.println(USAGE);
                    return EXIT_OK;
                }
                case "--version", "-v" -> {
                    System.out.println("comet-server " + Version.get());
                    return EXIT_OK;
                }
                case "--config", "--conf" -> {
                    if (i + 1 >= args.length) {
                        err.println("comet-server: " + args[i] + " needs a file name");
                        return EXIT_BAD_CONFIG;
                    }
                    configFile = Path.of(args[++i]);
                }
                default -> {
                    err.println("comet-server: unknown argument " + args[i] + " (try --help)");
                    return EXIT_BAD_CONFIG;
                }
            }
        }
        CometConfig config;
        try {
            config = load(configFile);
        } catch (InvalidConfigException e) {
            err.println("comet-server: invalid configuration: " + e.getMessage());
            return EXIT_BAD_CONFIG;
        }
        // Handlers go in before the listeners are announced, so a SIGTERM right after "listening" is a clean stop.
        CountDownLatch stopRequested = new CountDownLatch(1);
        Signal.handle(new Signal("TERM"), signal -> stopRequested.countDown());
        Signal.handle(new Signal("INT"), signal -> stopRequested.countDown());
        CometServer server;
        try {
            server = CometServer.start(config, source(configFile));
        } catch (BindFailedException | StoreException e) {
            err.println("comet-server: " + e.getMessage());
            return EXIT_START_FAILED;
        } catch (RuntimeException e) {
            err.println("comet-server: cannot start: " + e);
            return EXIT_START_FAILED;
        }
        try {
            stopRequested.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        server.close();
        return EXIT_OK;
    }

    /** What the start line names as the configuration: the file read, or that there was none. */
    private static String source(Path configFile) {
        Path file = configFile != null ? configFile : Files.isRegularFile(DEFAULT_CONFIG) ? DEFAULT_CONFIG : null;
        return file == null ? "built-in defaults" : file.toAbsolutePath().normalize().toString();
    }

    private static CometConfig load(Path configFile) {
        if (configFile != null) {
            return CometConfig.load(configFile);
        }
        return Files.isRegularFile(DEFAULT_CONFIG) ? CometConfig.load(DEFAULT_CONFIG) : CometConfig.defaults();
    }
}
